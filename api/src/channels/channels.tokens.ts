/** Nest token for the SecretBox sealing channel secrets. */
export const SECRET_BOX = Symbol('SECRET_BOX');
