#!/usr/bin/env python3
"""Helpers for bench/layout/profile.sh (run as root).

  touched.py pageout PID FILE         page out (unmap and drop from the cache) PID's pages of FILE
  touched.py evict FILE               drop FILE's cached pages that no process has mapped
  touched.py pages FILE               print the page numbers of FILE now in the page cache
  touched.py layout BINARY SYMBOLS LIST    check that BINARY's code starts with the methods of LIST (an order file):
                                           most of them exist, and no other method lies among them
  touched.py methods BINARY SYMBOLS PAGES  print, in address order, the managed methods whose code overlaps a
                                           listed page of BINARY (SYMBOLS: its .dbg file)

A page of the binary is in the page cache after the eviction only if a process touched it since (profile.sh reads
the binary from a file system without readahead, so a fault brings in the faulting page alone, and the kernel's
fault-around maps only pages already cached).
"""
import ctypes
import mmap
import os
import subprocess
import sys

PAGE = os.sysconf("SC_PAGE_SIZE")


def pageout(pid, path):
    # process_madvise(MADV_PAGEOUT) reclaims a clean file page that only this process maps: unmapped, and dropped
    # from the page cache, so its next use faults it in alone.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    pidfd = libc.syscall(434, ctypes.c_int(int(pid)), ctypes.c_uint(0))  # pidfd_open
    if pidfd < 0:
        raise OSError(ctypes.get_errno(), "pidfd_open")
    target = os.path.realpath(path)

    class IoVec(ctypes.Structure):
        _fields_ = [("base", ctypes.c_void_p), ("length", ctypes.c_size_t)]

    try:
        with open(f"/proc/{pid}/maps") as maps:
            for line in maps:
                fields = line.split()
                if len(fields) < 6 or fields[5] != target:
                    continue
                start, end = (int(x, 16) for x in fields[0].split("-"))
                vec = IoVec(start, end - start)
                if libc.syscall(440, pidfd, ctypes.byref(vec), ctypes.c_size_t(1), ctypes.c_int(21),
                                ctypes.c_uint(0)) < 0:  # process_madvise, MADV_PAGEOUT
                    raise OSError(ctypes.get_errno(), "process_madvise")
    finally:
        os.close(pidfd)


def evict(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def pages(path):
    size = os.path.getsize(path)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    n = (size + PAGE - 1) // PAGE
    vec = ctypes.create_string_buffer(n)
    fd = os.open(path, os.O_RDONLY)
    try:
        # Mapping the file touches none of its pages; mincore then says which are cached.
        addr = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        if addr in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "mmap")
        try:
            if libc.mincore(addr, size, vec) != 0:
                raise OSError(ctypes.get_errno(), "mincore")
        finally:
            libc.munmap(addr, size)
    finally:
        os.close(fd)
    for i in range(n):
        if vec.raw[i] & 1:
            print(i)


def sections(binary):
    out = subprocess.run(["readelf", "-S", "-W", binary], check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.replace("[ ", "[").split()
        if len(parts) > 5 and parts[0].startswith("[") and parts[0][1:-1].isdigit():
            found[parts[1]] = (int(parts[3], 16), int(parts[4], 16), int(parts[5], 16))  # address, offset, size
    return found


def entries(path):
    """The non-empty lines of a page list or an order file, without its # comments."""
    with open(path) as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def managed_methods(binary, symbols):
    """(start, length, name) of each method in BINARY's managed code, in address order, with the section's address,
    file offset and size. Offsets come from the binary itself (in the symbols file the code sections hold no
    bytes), names from the symbols."""
    address, offset, size = sections(binary)["__managedcode"]
    out = subprocess.run(["nm", "-n", "-S", symbols], check=True, capture_output=True, text=True).stdout
    found = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in ("t", "T"):
            start = int(parts[0], 16)
            if address <= start < address + size:
                found.append((start, int(parts[1], 16), parts[3]))
    return (address, offset, size), found


def methods(binary, symbols, page_file):
    touched = {int(p) for p in entries(page_file)}
    (address, offset, _), found = managed_methods(binary, symbols)
    for start, length, name in found:
        first = (start - address + offset) // PAGE
        last = (start - address + offset + max(length, 1) - 1) // PAGE
        if any(p in touched for p in range(first, last + 1)):
            print(name)


def layout(binary, symbols, order_file):
    listed = set(entries(order_file))
    (address, _, size), found = managed_methods(binary, symbols)
    placed = [(start, start + length, name in listed) for start, length, name in found]
    present = sum(1 for p in placed if p[2])
    block_end = max((p[1] for p in placed if p[2]), default=address)
    intruders = sum(1 for p in placed if not p[2] and p[0] < block_end)
    print(f"{present} of {len(listed)} listed methods present, laid out in the first {(block_end - address) // 1024} KB"
          f" of {size // 1024} KB of managed code; {intruders} other methods among them")
    # A list gone stale after refactoring (methods renamed or gone) says to run profile.sh again.
    if present < 0.8 * len(listed) or intruders > 0:
        sys.exit(1)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"pageout": pageout, "evict": evict, "pages": pages, "methods": methods, "layout": layout}[command](*args)
