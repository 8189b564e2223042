"""A TCP proxy the fault tests put between the application and a real service (PostgreSQL,
Redis), to take the service away without touching it (other people's tests use it).

    with FaultProxy("127.0.0.1", 5432) as proxy:
        url = f"postgresql://postgres@127.0.0.1:{proxy.port}/db"
        proxy.cut()      # connections dropped, new ones refused: the service is down
        proxy.freeze()   # connections held open, nothing forwarded: the service hangs
        proxy.restore()  # back to normal (frozen bytes are delivered, as after a thaw)
"""

import contextlib
import socket
import threading
import time


class FaultProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self._flowing = threading.Event()
        self._flowing.set()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stopped = False
        self.connections = 0  # accepted since the start: shows the application came back

    # --- faults -------------------------------------------------------------------------

    def cut(self) -> None:
        """Drop every connection and refuse new ones (as a stopped server would)."""
        self._close_listener()
        self._close_all()
        self._flowing.set()

    def freeze(self) -> None:
        """Keep every connection open and accept new ones, but forward nothing."""
        self._flowing.clear()

    def restore(self) -> None:
        if self._listener is None and not self._stopped:
            self._listen()
        self._flowing.set()

    # --- life cycle ---------------------------------------------------------------------

    def __enter__(self):
        self._listen()
        return self

    def __exit__(self, *exc):
        self._stopped = True
        self._flowing.set()
        self._close_listener()
        self._close_all()

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()

    def _close_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # listener closed: cut or stopped
            self.connections += 1
            self._track(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        self._flowing.wait()  # a frozen service accepts and then says nothing
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        self._track(upstream)
        for source, target in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            source.settimeout(0.2)
            while True:
                if not self._flowing.is_set():
                    time.sleep(0.05)
                    continue
                try:
                    data = source.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                self._flowing.wait()
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
