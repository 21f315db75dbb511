"""Regenerate the mixi2 gRPC stubs in app/networks/mixi2_proto/ from its .proto files.

The generated ``*_pb2.py`` / ``*_pb2_grpc.py`` (and ``*.pyi``) are committed, so neither
the app nor its users need grpcio-tools; run this after changing a .proto, from the
repository root::

    .venv/bin/pip install "grpcio-tools==1.85.4"
    .venv/bin/python packaging/gen_mixi2.py

It runs exactly ``python -m grpc_tools.protoc -I . --python_out=. --pyi_out=.
--grpc_python_out=. app/networks/mixi2_proto/*.proto`` (the include root is the repository,
so the generated imports read ``from app.networks.mixi2_proto import …``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = Path("app/networks/mixi2_proto")


def main() -> int:
    protos = sorted(str(p) for p in (ROOT / PROTO_DIR).glob("*.proto"))
    relative = [str(Path(p).relative_to(ROOT)) for p in protos]
    command = [
        sys.executable,
        "-m",
        "grpc_tools.protoc",
        "-I",
        ".",
        "--python_out=.",
        "--pyi_out=.",
        "--grpc_python_out=.",
        *relative,
    ]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
