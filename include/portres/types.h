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

#include <compare>
#include <cstdint>
#include <ostream>
#include <string>

namespace portres {

// The transport whose port pool a reservation lives in. TCP and UDP pools are
// independent (spec M5); each is shared by IPv4 and IPv6 (spec M6).
enum class Protocol { kTcp, kUdp };

// Address family of a socket. Both families share their protocol's pool.
enum class AddressFamily { kInet, kInet6 };

// Socket type. Only stream (TCP) and datagram (UDP) sockets can hold port
// reservations; raw sockets get WSAEOPNOTSUPP (spec §3.1).
enum class SocketType { kStream, kDatagram, kRaw };

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
// opened it.
using SocketId = uint64_t;

std::string ToString(Protocol protocol);  // "tcp" / "udp", as netsh spells it
std::string ToString(const PortRange& range);  // "5000-5019", "any 8"
std::string ToString(Token token);             // "token:<decimal>"
std::ostream& operator<<(std::ostream& os, Protocol protocol);
std::ostream& operator<<(std::ostream& os, const PortRange& range);
std::ostream& operator<<(std::ostream& os, const Token& token);
std::ostream& operator<<(std::ostream& os, const Reservation& reservation);

}  // namespace portres

#endif  // PORTRES_TYPES_H_
