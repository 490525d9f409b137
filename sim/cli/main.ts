export async function main(argv: string[]): Promise<number> { const x: number = 1; console.log('hi', argv, x); return 0; }
