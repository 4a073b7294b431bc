/** P4's floor: the least an Ink program draws, bundled exactly as the CLI is. It ends with the marker P4 waits for. */
import { Text, render } from 'ink';

render(<Text>Hello SMTP›</Text>);
