// Shared launcher: registers tsx's loader, imports a TypeScript entry module and runs its `main(argv)`.
import { register } from 'tsx/esm/api';

export async function launch(entry) {
  register();
  const { main } = await import(new URL(entry, import.meta.url).href);
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
