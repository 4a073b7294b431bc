/** host:port for display. An IPv6 address goes in brackets: "::1:2640" would read as one address, port 25. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
