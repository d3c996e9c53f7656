// The example service: answers GET / with a greeting and GET /healthz with "ok".
// Mosaic passes the port through PORT (falls back to 8080).
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const greeting = process.env.GREETING ?? 'hello';

createServer((req, res) => {
  if (req.url === '/healthz') return res.end('ok\n');
  res.end(`${greeting} (pid ${process.pid})\n`);
}).listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));

process.on('SIGTERM', () => process.exit(0));
