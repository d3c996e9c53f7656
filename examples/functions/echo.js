// The example function: returns what it was given, with the time it ran.
export async function handler(event) {
  return { echo: event, at: new Date().toISOString() };
}
