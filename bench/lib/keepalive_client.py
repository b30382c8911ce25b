"""A keep-alive client fleet: N connections, each sending a request every `interval` seconds.

A request fails when the connection breaks before its response (reset, EOF mid-response) or
the response is not 2xx. A response with `Connection: close` is not a failure: the client
reconnects for the next request, as browsers and HTTP libraries do."""
import asyncio


async def one_connection(port, interval, stop_at, stats):
    reader = writer = None
    loop = asyncio.get_running_loop()
    while loop.time() < stop_at:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ")[1])
            fields = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
            await reader.readexactly(int(fields.get("content-length", "0")))
            stats["total"] += 1
            if not 200 <= status < 300:
                stats["failed"] += 1
            if fields.get("connection", "").lower() == "close":
                writer.close()
                reader = writer = None
                stats["reconnects"] += 1
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, asyncio.LimitOverrunError, ValueError) as error:
            stats["total"] += 1
            stats["failed"] += 1
            stats["errors"].append(repr(error))
            if writer is not None:
                writer.close()
            reader = writer = None
        await asyncio.sleep(interval)
    if writer is not None:
        writer.close()


async def run(port, connections, interval, seconds):
    stats = {"total": 0, "failed": 0, "reconnects": 0, "errors": []}
    stop_at = asyncio.get_running_loop().time() + seconds
    await asyncio.gather(*(one_connection(port, interval, stop_at, stats) for _ in range(connections)))
    return stats
