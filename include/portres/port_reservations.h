// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: port_reservations.h
//
// The one reservation interface. An implementation is what ONE process can do
// with a host's TCP/UDP port pools: open sockets, bind them, acquire runtime
// reservations (SIO_ACQUIRE_PORT_RESERVATION), associate sockets with a
// reservation (SIO_ASSOCIATE_PORT_RESERVATION), release them
// (SIO_RELEASE_PORT_RESERVATION), and manage persistent reservations
// (Create/Delete/LookupPersistent{Tcp,Udp}PortReservation). Process identity is
// implicit, as it is on Windows.
//
// Backends: the simulator (portres/sim/host.h, Host::Process()) and the Win32
// backend (Windows only). Every backend returns the same Windows code for the
// same situation; the codes are listed on each method below with the spec row
// (docs/windows-semantics.md) that fixes them.
//
// Example:
//   std::unique_ptr<portres::PortReservations> ports = host.Process(pid);
//   portres::SocketId s = *ports->OpenSocket(portres::AddressFamily::kInet,
//                                            portres::SocketType::kDatagram,
//                                            0);
//   portres::Reservation r = *ports->Acquire(s, {.start = 5000, .count = 20});
//   (void)ports->Associate(s, r.token);
//   uint16_t port = *ports->Bind(s, 0);  // 5000 with the default policy
//   (void)ports->Release(s, r.token);
//
// Thread safety: implementations are thread-safe.

#ifndef PORTRES_PORT_RESERVATIONS_H_
#define PORTRES_PORT_RESERVATIONS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/types.h"

namespace portres {

// What one process can do with a host's port pools (see the file comment).
class PortReservations {
 public:
  virtual ~PortReservations() = default;

  // socket(family, type, protocol). `protocol` is 0 (the type's default),
  // kIpProtoTcp or kIpProtoUdp for stream/datagram; anything for raw.
  // Errors: a TCP/UDP number on the other type → WSAEPROTOTYPE; an unknown
  // number for stream/datagram → WSAEPROTONOSUPPORT.
  virtual absl::StatusOr<SocketId> OpenSocket(AddressFamily family,
                                              SocketType type,
                                              int protocol) = 0;

  // closesocket(). Releases every runtime reservation acquired on the socket
  // (spec §3.3) and frees its port. Errors: WSAENOTSOCK for a handle that is
  // not an open socket of this process.
  virtual absl::Status CloseSocket(SocketId socket) = 0;

  // bind() to `address` and `port` (0: the system chooses). Returns the
  // bound port (getsockname()). Rules (spec §4.3, §6, §16):
  //  - `address` of the other family → WSAEFAULT (BA3); socket already
  //    bound → WSAEINVAL (BA4); an address that is not local →
  //    WSAEADDRNOTAVAIL (BA1), as is a v4-mapped address on an IPV6_V6ONLY
  //    socket (U23);
  //  - associated socket: port 0 picks from the reservation; P must lie in it
  //    (else WSAEINVAL, U9); no free port → WSAENOBUFS (U8); a reservation
  //    released or deleted since association → WSAEINVAL (U12, U17);
  //  - unassociated: port 0 picks from the dynamic range, never a reserved or
  //    bound port (M7), WSAENOBUFS when none is left; P inside a runtime or
  //    system reservation → WSAEACCES for every address (O1, U2, RX1); inside
  //    a persistent one → allowed by default (U1);
  //  - P bound by another socket: the SO_REUSEADDR/SO_EXCLUSIVEADDRUSE
  //    matrix decides per protocol and per IP stack (§16.3): WSAEADDRINUSE
  //    or WSAEACCES, or success for two different specific addresses (BA6),
  //    an IPv4 and an IPv6-only socket (BA7), and the matrix's sharing cells.
  //    A dual-stack socket (IPV6_V6ONLY off) binding :: takes the port on
  //    both stacks (BA9-BA11), binding ::ffff:a.b.c.d takes IPv4 a.b.c.d
  //    (BA12); not a socket → WSAENOTSOCK.
  virtual absl::StatusOr<uint16_t> Bind(SocketId socket,
                                        const IpAddress& address,
                                        uint16_t port) = 0;

  // setsockopt() of an option that decides binding (spec §16.5). Nonzero
  // enables a boolean option; kCpuAffinity takes a processor number.
  // Errors: WSAENOTSOCK; SO_REUSEADDR and SO_EXCLUSIVEADDRUSE both enabled
  // → WSAEINVAL for the second (SO5); IPV6_V6ONLY on an AF_INET socket or
  // after bind → WSAEINVAL (U25); SO_REUSEADDR/SO_EXCLUSIVEADDRUSE after
  // bind succeed and do not change the binding (U24); kCpuAffinity: not a
  // UDP socket → WSAEOPNOTSUPP, after bind or with SO_REUSEADDR → WSAEINVAL
  // (SO8).
  virtual absl::Status SetOption(SocketId socket, SocketOption option,
                                 uint32_t value) = 0;

  // getsockopt(): the option's value (0 or 1). IPV6_V6ONLY is 1 on a new
  // AF_INET6 socket (BA8). Errors: WSAENOTSOCK; IPV6_V6ONLY on an AF_INET
  // socket → WSAEINVAL (U25); kCpuAffinity, which Windows only sets →
  // WSAENOPROTOOPT.
  virtual absl::StatusOr<uint32_t> GetOption(SocketId socket,
                                             SocketOption option) = 0;

  // SIO_ACQUIRE_PORT_RESERVATION: reserve `range` (start 0: the system picks a
  // contiguous block inside the dynamic range) in the socket's protocol pool.
  // The reservation lives until released or until the socket closes (§3.3).
  // Errors (spec §3.2): WSAENOTSOCK (AQ6); raw socket → WSAEOPNOTSUPP (AQ7);
  // count 0 or a block past 65535 → WSAEINVAL (AQ10, U6); overlap with any
  // reservation or bound port → WSAEADDRINUSE (AQ8, AQ9: O4, O5, U5); no free
  // block for a wildcard request → WSAENOBUFS (AQ11, U6).
  virtual absl::StatusOr<Reservation> Acquire(SocketId socket,
                                              PortRange range) = 0;

  // SIO_RELEASE_PORT_RESERVATION, issued on any socket of the acquiring
  // process (spec §5, RL1). Errors: WSAENOTSOCK and raw socket →
  // WSAEOPNOTSUPP (RL2); zero, unknown, released or persistent token →
  // WSAEINVAL (RL3, U11); another process's runtime token → WSAEACCES (RL4).
  virtual absl::Status Release(SocketId socket, Token token) = 0;

  // SIO_ASSOCIATE_PORT_RESERVATION: later bind() calls on the socket take
  // their port from the reservation (spec §4, AS1, AS2). Errors: WSAENOTSOCK
  // and raw socket → WSAEOPNOTSUPP (AS4); bound or already associated socket
  // → WSAEINVAL (AS5, AS6: U7); zero, unknown, released token or a token of
  // the other protocol → WSAEINVAL (AS7); persistent token while not elevated
  // → WSAEACCES (AS3); runtime token of another process or of a system
  // service → WSAEACCES (AS8).
  virtual absl::Status Associate(SocketId socket, Token token) = 0;

  // CreatePersistent{Tcp,Udp}PortReservation (spec §7). Errors, checked in
  // this order (U16): not elevated → ERROR_ACCESS_DENIED (5, PC1); start 0,
  // count 0 or a block past 65535 → ERROR_INVALID_PARAMETER (87, PC2); any
  // port of the block reserved (persistent, runtime, system) or bound →
  // ERROR_SHARING_VIOLATION (32, PC3).
  virtual absl::StatusOr<Token> CreatePersistent(Protocol protocol,
                                                 PortRange range) = 0;

  // DeletePersistent{Tcp,Udp}PortReservation (spec §8). Errors in order: 5
  // (PD1); 87 (PD2); no persistent block with exactly this start and count →
  // ERROR_NOT_FOUND (1168, PD3).
  virtual absl::Status DeletePersistent(Protocol protocol, PortRange range) = 0;

  // LookupPersistent{Tcp,Udp}PortReservation (spec §9). Needs no elevation.
  // Errors: 87 for start 0 or count 0 (PL1); 1168 without an exact match
  // (PL2).
  virtual absl::StatusOr<Token> LookupPersistent(Protocol protocol,
                                                 PortRange range) = 0;
};

}  // namespace portres

#endif  // PORTRES_PORT_RESERVATIONS_H_
