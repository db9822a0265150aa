// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: types.h
//
// Value types of the portres API: protocols, socket kinds, port ranges and
// reservation tokens. Ports are always in host byte order here; the network
// byte order of Windows' INET_PORT_RANGE.StartPort exists only at the Win32
// boundary (the Win32 backend and the compat layer).
//
// Example:
//   portres::PortRange range{.start = 5000, .count = 20};  // 5000..5019
//   portres::PortRange any{.start = 0, .count = 8};        // system chooses
//
// Thread safety: plain values; safe to copy between threads.

#ifndef PORTRES_TYPES_H_
#define PORTRES_TYPES_H_

#include <array>
#include <compare>
#include <cstdint>
#include <ostream>
#include <string>

#include "portres/export.h"

namespace portres {

// The transport whose port pool a reservation lives in. TCP and UDP pools are
// independent (spec M5); each is shared by IPv4 and IPv6 (spec M6).
enum class Protocol : uint8_t { kTcp, kUdp };

// Address family of a socket. Both families share their protocol's pool.
enum class AddressFamily : uint8_t { kInet, kInet6 };

// A local IP address to bind: its family and its bytes in network order
// (the first 4 for IPv4, all 16 for IPv6). Whether an address is local to
// the machine is the backend's to decide (the simulator: wildcards, every
// 127.x.y.z, ::1 and the configured ones, spec BA2).
struct IpAddress {
  using Bytes = std::array<uint8_t, 16>;  // network order
  AddressFamily family = AddressFamily::kInet;  // which stack it belongs to
  Bytes bytes{};  // the address: 4 bytes (IPv4) or 16 (IPv6), rest zero

  // 0.0.0.0 or ::.
  static constexpr IpAddress Any(AddressFamily family) {
    return IpAddress{.family = family};
  }
  // 127.0.0.1 or ::1.
  static constexpr IpAddress Loopback(AddressFamily family) {
    IpAddress a{.family = family};
    if (family == AddressFamily::kInet) {
      a.bytes = {127, 0, 0, 1};
    } else {
      a.bytes[15] = 1;
    }
    return a;
  }
  // The IPv4 address a.b.c.d.
  static constexpr IpAddress V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return IpAddress{.family = AddressFamily::kInet, .bytes = {a, b, c, d}};
  }
  // The IPv6 address with these 16 bytes.
  static constexpr IpAddress V6(const Bytes& bytes) {
    return IpAddress{.family = AddressFamily::kInet6, .bytes = bytes};
  }
  // ::ffff:a.b.c.d, how a dual-stack IPv6 socket names IPv4 address `v4`.
  static constexpr IpAddress V4Mapped(const IpAddress& v4) {
    IpAddress a{.family = AddressFamily::kInet6};
    a.bytes[10] = a.bytes[11] = 0xff;
    for (int i = 0; i < 4; ++i) a.bytes[12 + i] = v4.bytes[i];
    return a;
  }

  // 0.0.0.0 or ::.
  constexpr bool IsWildcard() const {
    for (int i = 0; i < Size(); ++i) {
      if (bytes[i] != 0) return false;
    }
    return true;
  }
  // ::ffff:a.b.c.d.
  constexpr bool IsV4Mapped() const {
    if (family != AddressFamily::kInet6) return false;
    for (int i = 0; i < 10; ++i) {
      if (bytes[i] != 0) return false;
    }
    return bytes[10] == 0xff && bytes[11] == 0xff;
  }
  // The IPv4 address inside a v4-mapped one.
  constexpr IpAddress MappedV4() const {
    return V4(bytes[12], bytes[13], bytes[14], bytes[15]);
  }
  // Bytes that carry the address: 4 or 16.
  constexpr int Size() const { return family == AddressFamily::kInet ? 4 : 16; }

  friend constexpr bool operator==(const IpAddress&,
                                   const IpAddress&) = default;
};

// The wildcard and loopback addresses of each family, for bind().
inline constexpr IpAddress kIpv4Any =
    IpAddress::Any(AddressFamily::kInet);  // 0.0.0.0
inline constexpr IpAddress kIpv6Any =
    IpAddress::Any(AddressFamily::kInet6);  // ::
inline constexpr IpAddress kIpv4Loopback =
    IpAddress::Loopback(AddressFamily::kInet);  // 127.0.0.1
inline constexpr IpAddress kIpv6Loopback =
    IpAddress::Loopback(AddressFamily::kInet6);  // ::1

// The socket options that decide how binds share a port (spec §16.3-§16.6).
// Values are booleans (0 or 1) except kCpuAffinity's processor number.
enum class SocketOption {
  kReuseAddress,         // SOL_SOCKET SO_REUSEADDR
  kExclusiveAddressUse,  // SOL_SOCKET SO_EXCLUSIVEADDRUSE
  kIpv6Only,             // IPPROTO_IPV6 IPV6_V6ONLY (AF_INET6 only)
  // msquic's SIO_CPU_AFFINITY ioctl (_WSAIOW(IOC_VENDOR, 21)), not in the
  // SDK: UDP sockets of one process that set it share the port of the
  // reservation they are associated with (spec SO8, U26). Set only.
  kCpuAffinity,
};

// Socket type. Only stream (TCP) and datagram (UDP) sockets can hold port
// reservations; raw sockets get WSAEOPNOTSUPP (spec §3.1).
enum class SocketType : uint8_t { kStream, kDatagram, kRaw };

// IP protocol numbers as Windows defines them (the `protocol` argument of
// socket()). 0 means "the default for the socket type".
inline constexpr int kIpProtoDefault = 0;
inline constexpr int kIpProtoTcp = 6;   // IPPROTO_TCP
inline constexpr int kIpProtoUdp = 17;  // IPPROTO_UDP

// A block of `count` consecutive ports starting at `start`, host byte order.
// `start == 0` asks the system to choose the block (a "wildcard" request,
// spec §1.2 [S-RANGE]); it is only meaningful for runtime reservations.
struct PortRange {
  uint16_t start = 0;  // first port (0: the system chooses)
  uint16_t count = 0;  // number of ports

  // The last port of the block, computed in 32 bits so that a block running
  // past 65535 is visible as such instead of wrapping.
  constexpr uint32_t last() const { return uint32_t{start} + count - 1; }
  // Whether `port` lies in the block.
  constexpr bool Contains(uint32_t port) const {
    return count != 0 && port >= start && port <= last();
  }
  friend constexpr bool operator==(const PortRange&,
                                   const PortRange&) = default;
};

// An opaque reservation token (Windows' ULONG64 Token). Zero is
// INVALID_PORT_RESERVATION_TOKEN and never names a reservation.
class Token {
 public:
  // The invalid token 0.
  constexpr Token() = default;
  // The token with this Windows value.
  constexpr explicit Token(uint64_t value) : value_(value) {}

  // The Windows value (ULONG64).
  constexpr uint64_t value() const { return value_; }
  // Whether it can name a reservation (non-zero).
  constexpr bool valid() const { return value_ != 0; }

  friend constexpr auto operator<=>(const Token&, const Token&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const Token& token) {
    return H::combine(std::move(h), token.value_);
  }

 private:
  uint64_t value_ = 0;
};

// A granted reservation: the block actually reserved (with the start chosen by
// the system for wildcard requests) and the token that names it.
struct Reservation {
  PortRange range;  // the block granted
  Token token;      // its token
  friend constexpr bool operator==(const Reservation&,
                                   const Reservation&) = default;
};

// A socket handle. Backend-defined; only meaningful in the process that
// opened it, and once closed it may name a later socket of that process
// (docs §18, H4-H7).
using SocketId = uint64_t;

// "tcp" / "udp", as netsh spells them.
PORTRES_CORE_API std::string ToString(Protocol protocol);
// "5000-5019", or "any 8" for a wildcard block.
PORTRES_CORE_API std::string ToString(const PortRange& range);
// "token:<decimal>".
PORTRES_CORE_API std::string ToString(Token token);
// "127.0.0.1", "::1".
PORTRES_CORE_API std::string ToString(const IpAddress& address);
// "SO_REUSEADDR", ...
PORTRES_CORE_API std::string ToString(SocketOption option);
PORTRES_CORE_API std::ostream& operator<<(std::ostream& os, Protocol protocol);
PORTRES_CORE_API std::ostream& operator<<(std::ostream& os,
                                          const PortRange& range);
PORTRES_CORE_API std::ostream& operator<<(std::ostream& os, const Token& token);
PORTRES_CORE_API std::ostream& operator<<(std::ostream& os,
                                          const Reservation& reservation);
PORTRES_CORE_API std::ostream& operator<<(std::ostream& os,
                                          const IpAddress& address);
PORTRES_CORE_API std::ostream& operator<<(std::ostream& os,
                                          SocketOption option);

}  // namespace portres

#endif  // PORTRES_TYPES_H_
