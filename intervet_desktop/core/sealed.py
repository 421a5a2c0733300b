"""Password-sealed files: authenticated encryption (AES-256-GCM) with a key from scrypt.

A sealed file is a header (magic, scrypt parameters, salt, nonce prefix) and the data in
1 MiB chunks, each sealed with its counter and a last-chunk flag in the nonce and the header
as associated data (the STREAM construction): a wrong password, a changed byte, a reordered,
dropped or truncated chunk is refused before anything is used.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"INTERVET-SEALED\x01"
CHUNK = 1 << 20
#: scrypt cost: 2**15 rounds, r=8, p=1 (about 32 MiB and a fraction of a second)
LOG_N, R, P = 15, 8, 1
_HEADER = struct.Struct(">16sBBB16s7s")
TAG = 16


class SealError(ValueError):
    """Wrong password, a damaged or tampered file, or not a sealed file at all."""


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


def _key(password: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    if not 10 <= log_n <= 20 or not 1 <= r <= 32 or not 1 <= p <= 4:
        raise SealError("unsupported key parameters")
    return Scrypt(salt=salt, length=32, n=1 << log_n, r=r, p=p).derive(password.encode("utf-8"))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def seal_stream(source: BinaryIO, target: BinaryIO, password: str) -> None:
    salt, prefix = os.urandom(16), os.urandom(7)
    header = _HEADER.pack(MAGIC, LOG_N, R, P, salt, prefix)
    aead = AESGCM(_key(password, salt, LOG_N, R, P))
    target.write(header)
    counter = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        target.write(aead.encrypt(_nonce(prefix, counter, last), chunk, header))
        if last:
            return
        chunk, counter = following, counter + 1


def open_stream(source: BinaryIO, password: str) -> Iterator[bytes]:
    """The plaintext chunks; raises SealError at the first chunk that does not authenticate.

    Callers must not act on the chunks before the iterator ends (the last one proves that
    nothing was cut off): write them to a temporary file and use it only afterwards."""
    header = source.read(_HEADER.size)
    if len(header) < _HEADER.size or not is_sealed(header):
        raise SealError("not a sealed file")
    _magic, log_n, r, p, salt, prefix = _HEADER.unpack(header)
    aead = AESGCM(_key(password, salt, log_n, r, p))
    counter = 0
    chunk = source.read(CHUNK + TAG)
    while True:
        if not chunk:
            raise SealError("the file is cut short")
        following = source.read(CHUNK + TAG)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), chunk, header)
        except InvalidTag as exc:
            raise SealError("wrong password, or the file was changed") from exc
        if last:
            return
        chunk, counter = following, counter + 1
