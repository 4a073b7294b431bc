/** The terminal's size, updated on resize. */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface Size {
  columns: number;
  rows: number;
}

export function useTerminalSize(fallback: Size = { columns: 80, rows: 24 }): Size {
  const { stdout } = useStdout();
  const { columns, rows } = fallback;
  const [size, setSize] = useState<Size>(() => ({ columns: stdout.columns || columns, rows: stdout.rows || rows }));
  useEffect(() => {
    const onResize = (): void => setSize({ columns: stdout.columns || columns, rows: stdout.rows || rows });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, columns, rows]);
  return size;
}
