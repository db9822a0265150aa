// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: policy.h
//
// The simulator's policy switches: one per behaviour the spec marks Unknown
// (`U` rows of docs/windows-semantics.md §13, §16, §18), including U26, which
// keeps the permissive reading of msquic's sharing pattern (O7) as an
// option. Every default is the document's decision, so `Policy{}` is
// "Windows as best known".
//
// Example:
//   portres::sim::HostOptions options;
//   options.policy.persistent_blocks_unassociated_bind = true;  // U1, msquic
//   doc portres::sim::Host host(options);
//
// Thread safety: a plain value, copied into the Host at construction.

#ifndef PORTRES_SIM_POLICY_H_
#define PORTRES_SIM_POLICY_H_

#include <cstdint>

#include "portres/windows_codes.h"

namespace portres::sim {

// How the simulator picks one port (bind(0)) or a block (wildcard acquire).
enum class Choice {
  kLowest,  // deterministic: the lowest candidate (first fit)
  kRandom,  // uniformly among the candidates, from the host's seeded RNG
};

// Which value a new socket's handle takes (U27).
enum class HandleReuse {
  kLifo,    // the process's most recently freed value first (`windows`)
  kLowest,  // the lowest free value first (Wine's measured order)
  kNever,   // a value is never issued twice (for debugging stale handles)
};

// Whether the persistent functions exist (U14; Wine 8: WN8-WN10).
enum class PersistentApi : uint8_t {
  kSupported,           // Windows Vista and later
  kReturnsNotSupported, // exported, but every call returns ERROR_NOT_SUPPORTED
  kNotExported,         // iphlpapi.dll lacks them, as in Wine 8: compat's
                        // GetProcAddress gives NULL (127) and a direct call
                        // ends the process as Wine's stub does (WN10)
};

// One switch per behaviour the Windows documentation leaves open.
struct Policy {
  // U1: an unassociated explicit bind() into a persistent (administered)
  // reservation. false: allowed (first-hand reports [ADMIN-Q][MSQ-2891]);
  // true: refused with WSAEACCES (msquic's CIBIR doc [MSQ-CIBIR]).
  bool persistent_blocks_unassociated_bind = false;

  // U2: an unassociated explicit bind() by the process that acquired the
  // runtime reservation. true: WSAEACCES like any other process (O1);
  // false: the owner may bind into its own reservation without associating.
  bool runtime_blocks_owner_unassociated_bind = true;

  // U5: SIO_ACQUIRE_PORT_RESERVATION for a specific block containing a port
  // bound by an ordinary socket.
  uint32_t acquire_over_bound_port_error = kWsaEAddrInUse;

  // U6: a wildcard acquire (or system reservation) that finds no contiguous
  // free block in the dynamic range. Alternative: kWsaEAddrInUse.
  uint32_t wildcard_exhausted_error = kWsaENoBufs;

  // U7: a second SIO_ASSOCIATE_PORT_RESERVATION on an already associated,
  // unbound socket. false: WSAEINVAL; true: the new token replaces the old.
  bool reassociate_replaces = false;

  // U8: bind(0) on an associated socket when every port of the reservation is
  // bound. Alternative: kWsaEAddrInUse.
  uint32_t associated_bind_exhausted_error = kWsaENoBufs;

  // U9: bind(P) on an associated socket with P outside the reservation.
  uint32_t bind_outside_reservation_error = kWsaEInval;

  // U10: which free port bind(0) takes, inside a reservation and from the
  // dynamic range. kLowest makes the doc samples print 5000 for `5000 20`.
  Choice port_choice = Choice::kLowest;

  // U11: SIO_RELEASE_PORT_RESERVATION with another process's runtime token.
  // (Zero, unknown, released and persistent tokens always give WSAEINVAL.)
  uint32_t release_foreign_token_error = kWsaEAcces;

  // U12, U17: bind() on a socket associated with a reservation that has since
  // been released, closed with its socket, or deleted.
  uint32_t stale_association_bind_error = kWsaEInval;

  // U13: the maximum port a block may reach (persistent: 87 past it;
  // runtime: WSAEINVAL past it, U6).
  uint16_t max_port = 65535;

  // U14, WN8-WN10: whether the persistent functions exist. Through the
  // reservation interface both alternatives answer ERROR_NOT_SUPPORTED (50),
  // as the Win32 backend does for a missing export; the compat layer tells
  // them apart (GetProcAddress, a direct call).
  PersistentApi persistent_api = PersistentApi::kSupported;

  // U28, WN1-WN6: false simulates a stack that does not implement the three
  // reservation ioctls (Wine 8): they fail with WSAEOPNOTSUPP, 0 bytes
  // returned, before the socket is even looked up (WN6).
  bool reservation_ioctls_supported = true;

  // U16: Create/Delete check order. true: access (5) before parameters (87)
  // before existence/conflict (1168/32); false: parameters first.
  bool persistent_access_check_first = true;

  // U18: where a wildcard block goes inside the dynamic range.
  Choice wildcard_placement = Choice::kLowest;

  // The Win32-buffer unknowns, read by the compat layer (portres::compat):

  // U3: SIO_* with cbInBuffer smaller than the input structure. Alternative:
  // kWsaEFault (the generic WSAIoctl page).
  uint32_t short_input_buffer_error = kWsaEInval;

  // U4: ASSOCIATE/RELEASE with a non-zero cbOutBuffer. false: accepted and
  // ignored; true: WSAEINVAL with *lpcbBytesReturned = 0.
  bool strict_unused_output_buffer = false;

  // U15: a NULL Token pointer for Create/LookupPersistent*PortReservation.
  uint32_t null_token_pointer_error = kErrorInvalidParameter;

  // U20: overlapped calls complete at once. false: WSAIoctl returns 0 as for
  // an immediately completed overlapped operation; true (a test hook): it
  // returns SOCKET_ERROR with WSA_IO_PENDING and the result is collected
  // through the event, completion routine or WSAGetOverlappedResult.
  bool overlapped_reports_pending = false;

  // U26 (decided; was O7): sockets associated with the same reservation
  // may bind the same port whatever their options. false (the default): the
  // documented bind rules decide (§16.3), so a second plain bind gets
  // WSAEADDRINUSE; sockets of one process that set msquic's SIO_CPU_AFFINITY
  // still share their reservation's port (SO8). true: the permissive reading.
  bool share_port_within_reservation = false;

  // U23: bind of a v4-mapped address (::ffff:a.b.c.d) on an IPV6_V6ONLY
  // socket. Wine 8 answers WSAEINVAL.
  uint32_t v4_mapped_on_ipv6_only_bind_error = kWsaEAddrNotAvail;

  // U24: SO_REUSEADDR or SO_EXCLUSIVEADDRUSE set after bind. 0: succeed,
  // the binding keeps the options it was made with; else this code.
  uint32_t reuse_option_after_bind_error = 0;

  // U25: IPV6_V6ONLY set after bind, or read on an AF_INET socket.
  uint32_t ipv6_only_misuse_error = kWsaEInval;

  // U25: IPV6_V6ONLY set on an AF_INET socket: this code, or 0 to accept
  // and ignore it, as Wine 8 does (its probe report, PF3).
  uint32_t ipv6_only_set_on_ipv4_error = kWsaEInval;

  // U27: which handle value socket() returns. Values are per process,
  // multiples of 4 from 0x100; a closed value can come back at once (H5),
  // so a stale handle may name the process's next socket (H7), as Windows
  // warns. kLifo makes that happen as soon and as deterministically as
  // possible, so use-after-close bugs surface in tests.
  HandleReuse handle_reuse = HandleReuse::kLifo;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_POLICY_H_
