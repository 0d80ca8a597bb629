/** The platform's console steps, from the catalog. */
export function SetupSteps({ steps }: { steps: string[] }) {
  if (!steps.length) return null;
  return (
    <div className="setup-steps">
      <h3>Setup steps</h3>
      <ol>
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </div>
  );
}
