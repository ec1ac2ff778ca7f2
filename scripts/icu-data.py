#!/usr/bin/env python3
"""Writes ICU's data with only the items Hallway reads, as an object that defines the symbol the
toolchain's ICU looks its data up by (icudtNN_dat), so that a static link takes it in place of the
whole package (34 MB of the 62 MB binary). Which items are kept: linker/icu-data.list.

    scripts/icu-data.py OUT.o         (the toolchain's lib_FoundationICU.a, found under /opt/swift)

ICU's own package tool would do the filtering, but Debian 12's (ICU 72) refuses the toolchain's
ICU 76 package ("total length of item name strings too long"); the format is small enough to
write here (ICU's common data: a header, a table of item names and offsets, the items, each at
16 bytes). Prints what it kept; exits non-zero, writing nothing, when the package or a tool is
not found, so that the caller links ICU's whole package instead."""
import fnmatch
import os
import re
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, "linker/icu-data.list")
ARCHIVE_NAMES = ["usr/lib/swift_static/linux/lib_FoundationICU.a"]


def toolchain():
    """The toolchain's folder (the one with usr/bin/swift): its ICU archive and its LLVM tools."""
    swift = subprocess.run(["sh", "-c", "command -v swift"], capture_output=True, text=True).stdout.strip() or "/opt/swift/usr/bin/swift"
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(swift))))


def toolchain_archive():
    for name in ARCHIVE_NAMES:
        path = os.path.join(toolchain(), name)
        if os.path.exists(path):
            return path
    sys.exit(f"icu-data: no lib_FoundationICU.a under {toolchain()}")


def tool(name):
    """The toolchain's llvm-NAME (always beside swift), else the system's NAME (binutils)."""
    llvm = os.path.join(toolchain(), "usr/bin", "llvm-" + name)
    return llvm if os.path.exists(llvm) else name


def read_package(data):
    """The header's bytes and the items, as (name, bytes), in the package's (sorted) order."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or b"CmnD" not in data[:header_size]:
        sys.exit("icu-data: not an ICU common data package")
    count = struct.unpack_from("<I", data, header_size)[0]
    entries = []
    for index in range(count):
        name_offset, data_offset = struct.unpack_from("<II", data, header_size + 4 + 8 * index)
        start = header_size + name_offset
        entries.append((data[start:data.index(b"\0", start)].decode(), header_size + data_offset))
    ends = [offset for _, offset in entries[1:]] + [len(data)]
    return data[:header_size], [(name, data[offset:end]) for (name, offset), end in zip(entries, ends)]


def write_package(header, items):
    """The same format: the header as it was, then the table, the names, and each item at 16 bytes."""
    table_size = 4 + 8 * len(items)
    names = b""
    name_offsets = []
    for name, _ in items:
        name_offsets.append(table_size + len(names))
        names += name.encode() + b"\0"
    position = table_size + len(names)
    position += -position % 16
    body = b"\0" * (position - table_size - len(names))
    data_offsets = []
    for _, item in items:
        data_offsets.append(position)
        padded = item + b"\0" * (-len(item) % 16)
        body += padded
        position += len(padded)
    table = struct.pack("<I", len(items)) + b"".join(struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets))
    assert len(header) % 16 == 0
    return header + table + names + body


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    archive = toolchain_archive()
    patterns = [line.split("#")[0].strip() for line in open(LIST)]
    patterns = [pattern for pattern in patterns if pattern]
    with tempfile.TemporaryDirectory() as scratch:
        members = subprocess.run([tool("ar"), "t", archive], capture_output=True, text=True, check=True).stdout.split()
        member = next((m for m in members if m.startswith("icu_packaged_data")), None)
        if member is None:
            sys.exit("icu-data: the archive has no packaged data")
        subprocess.run([tool("ar"), "x", archive, member], cwd=scratch, check=True)
        symbols = subprocess.run([tool("nm"), os.path.join(scratch, member)], capture_output=True, text=True, check=True).stdout
        symbol = re.search(r"\b(icudt\d+_dat)\b", symbols)
        if symbol is None:
            sys.exit("icu-data: no icudtNN_dat symbol in the packaged data")
        symbol = symbol.group(1)
        whole = os.path.join(scratch, "whole.dat")
        subprocess.run([tool("objcopy"), "-O", "binary", "--only-section=.rodata", os.path.join(scratch, member), whole], check=True)
        header, items = read_package(open(whole, "rb").read())
        prefix = items[0][0].split("/")[0] + "/"
        kept = [(name, item) for name, item in items if any(fnmatch.fnmatchcase(name[len(prefix):], p) for p in patterns)]
        package = write_package(header, kept)
        # Read back: the table a reader of the format sees names what was kept, in order.
        assert [name for name, _ in read_package(package)[1]] == [name for name, _ in kept]
        raw = os.path.join(scratch, "kept.dat")
        open(raw, "wb").write(package)
        mangled = "_binary_" + re.sub(r"[^A-Za-z0-9]", "_", raw) + "_start"
        subprocess.run([tool("objcopy"), "-I", "binary", "-O", "elf64-x86-64",
                        "--rename-section", ".data=.rodata,alloc,load,readonly,data,contents", "--set-section-alignment", ".data=16",
                        "--redefine-sym", f"{mangled}=__wrap_{symbol}",
                        "--strip-symbol", mangled.replace("_start", "_end"), "--strip-symbol", mangled.replace("_start", "_size"),
                        raw, out + ".tmp"], check=True)
        os.replace(out + ".tmp", out)
        whole_size = os.path.getsize(whole)
    print(f"icu-data: {symbol} with {len(kept)} of {len(items)} items, {len(package):,} of {whole_size:,} bytes: {out}")


if __name__ == "__main__":
    main()
