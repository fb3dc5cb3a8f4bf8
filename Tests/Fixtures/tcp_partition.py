"""A network partition for the tests: a loopback TCP forwarder that can stop passing bytes without closing anything.

Usage: tcp_partition.py LISTEN_PORT TARGET_PORT
Prints "ready" once it listens, and a line after each signal once it took effect. SIGUSR1 cuts the link: bytes already read are held, nothing more is read from either
side, and new connections are accepted but get nothing through (a black hole, not a refusal). SIGUSR2 heals it: what
was held goes on and forwarding resumes.
"""
import asyncio
import signal
import sys


class Link:
    def __init__(self):
        self.healed = asyncio.Event()
        self.healed.set()

    def partition(self):
        self.healed.clear()
        print("cut", flush=True)

    def heal(self):
        self.healed.set()
        print("healed", flush=True)


async def pump(link, reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            await link.healed.wait()
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def main():
    listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
    link = Link()
    # The test process may have these blocked, and a child inherits its signal mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1, signal.SIGUSR2})
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, link.partition)
    loop.add_signal_handler(signal.SIGUSR2, link.heal)

    async def connected(client_reader, client_writer):
        await link.healed.wait()
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(link, client_reader, server_writer), pump(link, server_reader, client_writer))

    server = await asyncio.start_server(connected, "127.0.0.1", listen_port)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
