import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Published versions are immutable: the database itself refuses to change one (deleting a whole flow still works). */
export class FlowVersionsImmutable1764200000001 implements MigrationInterface {
  name = 'FlowVersionsImmutable1764200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION flow_versions_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'flow versions are immutable (flow %, version %)', OLD.flow_id, OLD.number;
      END $$`);
    await db.query(`
      CREATE TRIGGER flow_versions_immutable BEFORE UPDATE ON flow_versions
      FOR EACH ROW EXECUTE FUNCTION flow_versions_refuse_update()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER flow_versions_immutable ON flow_versions`);
    await db.query(`DROP FUNCTION flow_versions_refuse_update()`);
  }
}
