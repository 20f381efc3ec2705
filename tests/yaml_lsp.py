"""A small client of the YAML language server (the one behind VS Code's YAML extension).

It starts `node_modules/yaml-language-server` over stdio, speaks just enough of the Language
Server Protocol to open files, and collects the diagnostics the server publishes for each: what
an editor underlines, with the message it shows.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path
from queue import Empty, Queue

from support import node_modules

SERVER = Path("yaml-language-server") / "bin" / "yaml-language-server"
# The settings VS Code sends; the schema store is off (it would fetch a catalogue from the web).
SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},
        "yamlVersion": "1.2",
        "schemas": {},
    }
}


def setting(section: str):
    """The value of one setting, 'yaml.validate' or 'yaml'; None for one we do not set."""
    value = SETTINGS
    for part in section.split(".") if section else []:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def server_script() -> Path:
    """The server's start script from the npm lock (may be missing before `npm ci`)."""
    return node_modules() / SERVER


class YamlLanguageServer:
    """One running server; open() a file and get its diagnostics."""

    def __init__(self, node: str, root: Path):
        self.process = subprocess.Popen(
            [node, str(server_script()), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: Queue = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "locale": "nl",
                "capabilities": {"workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}},
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _read(self) -> None:
        """Read framed messages from the server into the queue until it closes."""
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 60) -> dict:
        """Send a request and wait for its answer (answering the server's own requests meanwhile)."""
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == self.next_id and "method" not in m, timeout)

    def _answer(self, message: dict) -> None:
        """Answer a request of the server: our settings, or an empty result."""
        result = None
        if message.get("method") == "workspace/configuration":
            result = [setting(item.get("section", "")) for item in message["params"]["items"]]
        self._send({"id": message["id"], "result": result})

    def _wait(self, wanted, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the YAML language server did not answer")
            try:
                message = self.messages.get(timeout=left)
            except Empty:
                continue
            if "method" in message and "id" in message:
                self._answer(message)
                continue
            if wanted(message):
                return message

    def diagnostics(self, path: Path, timeout: float = 60) -> list[dict]:
        """Open `path` and return the diagnostics the server publishes for it."""
        uri = self._open(path)
        message = self._wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri, timeout
        )
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return message["params"]["diagnostics"]

    def diagnostics_of(self, paths: list[Path], timeout: float = 60) -> dict[Path, list[dict]]:
        """The diagnostics of each file, all opened at once: the server validates one while the
        next is read, instead of this side waiting for each in turn (10 s -> 2 s for 30 files)."""
        # One file of each folder first, in turn: until a folder's schema is loaded, the server
        # may publish an empty list for a file opened meanwhile, and the first list is the one kept.
        firsts = {path.parent: path for path in reversed(paths)}
        result = {path: self.diagnostics(path, timeout) for path in firsts.values()}
        uris = {self._open(path): path for path in paths if path not in result}
        found: dict[str, list[dict]] = {}

        def first_of_each(message: dict) -> bool:
            if message.get("method") == "textDocument/publishDiagnostics":
                uri = message["params"]["uri"]
                if uri in uris and uri not in found:
                    found[uri] = message["params"]["diagnostics"]
            return len(found) == len(uris)

        if uris:
            self._wait(first_of_each, timeout)
        for uri in uris:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        result.update((uris[uri], diagnostics) for uri, diagnostics in found.items())
        return {path: result[path] for path in paths}

    def completion(self, path: Path, line: int, character: int) -> list[str]:
        """Open `path` and return the labels the server offers at (line, character), both from 0."""
        uri = self._open(path)
        answer = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        result = answer.get("result") or []
        return [item["label"] for item in (result["items"] if isinstance(result, dict) else result)]

    def _open(self, path: Path) -> str:
        uri = path.resolve().as_uri()
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": path.read_text(encoding="utf-8"),
                }
            },
        )
        return uri

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
