// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The steps the data-path functions share: Windows' socket addresses to
// and from Endpoints, finding the socket a connection or datagram is for,
// the implicit bind of connect and sendto, and deadlines. Each returns a
// Windows code (0: success) so the API functions stay in Windows' order of
// checks.

#ifndef PORTRES_COMPAT_DATA_PATH_H_
#define PORTRES_COMPAT_DATA_PATH_H_

#include <cstdint>

#include "absl/time/time.h"
#include "compat/compat_state.h"
#include "compat/network.h"
#include "winsock2.h"

namespace portres::compat::internal {

// The size of a socket address of `family`.
int AddressLength(AddressFamily family);

// `name` as an Endpoint of `family`: WSAEFAULT if it is null or shorter than
// that family's address, WSAEAFNOSUPPORT if it is another family's.
int ReadAddress(const sockaddr* name, int namelen, AddressFamily family,
                Endpoint* out);
// Writes `endpoint` to `name` (*namelen: its size in, the address's out);
// WSAEFAULT if either is null or the buffer is too small.
int WriteAddress(const Endpoint& endpoint, sockaddr* name, int* namelen);

bool IsUnspecified(const Endpoint& endpoint);  // 0.0.0.0 or ::

// Whether traffic to `destination` stays on this machine: a loopback
// address, or one a socket here is bound to. Anything else is unreachable
// (DP6: the simulation carries no traffic off the machine).
bool IsOnThisMachine(ProgramProcesses& processes, const Endpoint& destination);

// The socket of `protocol` that takes traffic for `destination`: a TCP
// listener, or a bound UDP socket; one bound to the address itself before
// one bound to the wildcard (DP7). nullptr if none.
WinsockSocket* FindReceiver(ProgramProcesses& processes, Protocol protocol,
                            const Endpoint& destination);

// connect's and sendto's implicit bind of an unbound socket: the machine's
// bind rules (dynamic range, reservations, exclusions) choose the port, for
// the local address traffic to `destination` leaves from (DP5). Returns the
// machine's code. The socket record may move: look it up again after.
int BindImplicitly(WinsockCall& call, SOCKET s, const Endpoint& destination);

// The checks connect and sendto make of a destination, then their implicit
// bind: WSAEADDRNOTAVAIL for the wildcard address or port 0 (DP10),
// WSAENETUNREACH off this machine (DP6), else the bind's code (DP5).
int ReachAndBind(WinsockCall& call, SOCKET s, const Endpoint& destination);

// One receive from a connected TCP socket or a bound UDP socket, without
// waiting: 0 with *received set, WSAEWOULDBLOCK when it would wait, or the
// Windows code. A datagram's source goes to *from (if not null); one longer
// than `length` is cut to it and answers WSAEMSGSIZE (DP21). MSG_PEEK
// leaves the bytes queued; MSG_WAITALL on a blocking stream waits for
// `length` bytes or the end.
// The caller notifies (room for the sender) when a stream gave bytes.
int TryReceive(WinsockSocket& socket, char* buffer, size_t length, int flags,
               size_t* received, Endpoint* from);

// accept's step: `listener`'s oldest queued connection becomes
// `accepted`'s, which takes the listener's port, blocking mode, options and
// WSAEventSelect (DP4) [ACCEPT].
void AcceptInto(WinsockSocket& listener, WinsockSocket& accepted);

// The socket's own address.
Endpoint LocalEndpoint(const WinsockSocket& socket);

// When a wait of `timeout_ms` (SO_RCVTIMEO/SO_SNDTIMEO; 0: none) ends.
absl::Time DeadlineAfter(uint32_t timeout_ms);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_DATA_PATH_H_
