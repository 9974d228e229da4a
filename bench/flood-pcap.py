#!/usr/bin/env python3
"""Writes a pcap of a one-packet-per-source flood, for memory and database-scale checks.

    bench/flood-pcap.py OUT.pcap N [--macs] [--port P] [--udp]

N frames, each from its own source address (10.x.y.z from 10.0.0.1 up) to 192.168.1.10 (TCP SYN
to port P, 502 by default; --udp sends a small UDP datagram). Without --macs every frame carries
one router's MAC (N hosts behind one MAC, as a spoofed-source flood through a gateway looks);
with --macs each frame has its own source MAC as well (N devices on the segment).
"""
import argparse
import struct


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--macs", action="store_true", help="a distinct source MAC per frame")
    ap.add_argument("--port", type=int, default=502)
    ap.add_argument("--udp", action="store_true")
    a = ap.parse_args()
    dst_mac = bytes.fromhex("00800f000001")
    router = bytes.fromhex("0200000000fe")
    dst_ip = bytes([192, 168, 1, 10])
    with open(a.out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t0 = 1_700_000_000
        for i in range(a.n):
            k = i + 1
            src_ip = bytes([10, (k >> 16) & 0xFF, (k >> 8) & 0xFF, k & 0xFF])
            src_mac = bytes([0x02, 0x10]) + struct.pack("!I", k) if a.macs else router
            sport = 1024 + (k % 60000)
            if a.udp:
                payload = b"flood"
                l4 = struct.pack("!HHHH", sport, a.port, 8 + len(payload), 0) + payload
                proto = 17
            else:
                l4 = struct.pack("!HHIIBBHHH", sport, a.port, k, 0, 5 << 4, 0x02, 1024, 0, 0)
                proto = 6
            pseudo = src_ip + dst_ip + struct.pack("!BBH", 0, proto, len(l4))
            c = checksum(pseudo + l4)
            l4 = l4[:16] + struct.pack("!H", c) + l4[18:] if proto == 6 else \
                l4[:6] + struct.pack("!H", c) + l4[8:]
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), k & 0xFFFF, 0, 64, proto, 0,
                             src_ip, dst_ip)
            ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
            frame = dst_mac + src_mac + b"\x08\x00" + ip + l4
            us = i * 10
            f.write(struct.pack("<IIII", t0 + us // 1_000_000, us % 1_000_000, len(frame),
                                len(frame)))
            f.write(frame)


if __name__ == "__main__":
    main()
