// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The reference model of a Windows host's port reservations: deliberately
// plain (vectors, linear scans), separate from the simulator's structures,
// one function per rule. Each rule returns the Windows code the call must
// produce (0 for success) and, on success only, changes the model.
//
// Sockets and tokens are modelled by index: socket i is the i-th socket ever
// opened, token slot k the k-th distinct token ever handed out; the suite maps
// them to the machine's real values. A call names a socket by its handle,
// and handles are per process and reused most recently freed first (H4, H5,
// U27 `lifo`): socket i's handle number, in the calling process, may name
// another socket or none.

#ifndef PORTRES_TESTS_MODEL_MODEL_H_
#define PORTRES_TESTS_MODEL_MODEL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "portres/operations.h"
#include "portres/types.h"
#include "tests/model/address_model.h"

namespace portres::testkit::model {

// Token arguments that are not slots.
inline constexpr int kZeroToken = -1;     // INVALID_PORT_RESERVATION_TOKEN
inline constexpr int kUnknownToken = -2;  // a value never handed out
// A socket argument that was never a handle.
inline constexpr int kNoSocket = -1;

enum class Kind { kRuntime, kPersistent, kSystem };

struct Process {
  bool alive = true;
  bool elevated = false;
  std::vector<int> handle_socket;  // socket index by handle number, -1 free
  std::vector<int> free_handles;   // freed numbers, the next to reuse last
};

struct Socket {
  int process = 0;
  int handle = 0;  // its handle number in `process`
  bool open = true;
  bool v6 = false;                   // AF_INET6
  std::optional<Protocol> protocol;  // nullopt: raw
  SocketOptions options;             // as set now
  SocketOptions bound_with;          // in force at bind (U24)
  bool bound = false;
  int bind_order = 0;                // when it was bound, for "oldest first"
  IpAddress address;                 // bound address
  uint16_t port = 0;
  int associated = -1;  // token slot, -1 if none
  int bind_group = -1;  // token slot it bound through, -1 if none
};

struct Reservation {
  Kind kind = Kind::kRuntime;
  Protocol protocol = Protocol::kTcp;
  PortRange range;
  int owner_process = -1;  // runtime only
  int owner_socket = -1;   // runtime only
  int token_slot = -1;     // -1: persistent, token not seen since reboot
};

struct DynamicRange {
  uint16_t start = 49152;
  uint16_t count = 16384;
};

struct Model {
  std::vector<Process> processes;
  int current = 0;  // the process later calls act as
  std::vector<Socket> sockets;
  std::vector<Reservation> reservations;  // live ones
  int token_slots = 0;
  int binds = 0;  // binds made so far
  std::array<DynamicRange, 2> dynamic;
  // The machine runs the `wine-8` profile's rules (PF3): no reservation
  // ioctls, no persistent functions, lowest-first handles, WSAEINVAL for a
  // v4-mapped bind on an IPv6-only socket.
  bool wine = false;
  bool can_switch_profiles = false;  // the machine supports RebootInto
  // The failure the suite scheduled for the next call of an operation
  // (FI1): that call fails with the code and changes nothing (FI3).
  std::optional<std::pair<Operation, uint32_t>> fault;
};

// Two processes: 0 unelevated, 1 elevated (current).
Model Initial();

// What a successful call hands back, for the suite to compare.
struct Result {
  uint32_t code = 0;
  PortRange range;        // Acquire / AddSystem: the granted block
  uint16_t port = 0;      // Bind: the bound port
  uint32_t value = 0;     // GetOption: the option's value
  int token_slot = -1;    // Acquire/Create/AddSystem/Lookup: the token's slot
  bool new_slot = false;  // the slot is new (a token never seen before)
  int handle = -1;        // Open: the new socket's handle number
};

// Machine controls.
Result Spawn(Model& m, bool elevated);
Result Exit(Model& m, int process);
Result Switch(Model& m, int process);
Result Reboot(Model& m);  // then one fresh unelevated process, current
Result AddSystem(Model& m, Protocol protocol, PortRange range);
Result SetDynamic(Model& m, Protocol protocol, uint16_t start, uint16_t count);
// Reboot into the `windows` rules or (wine) the `wine-8` ones.
Result SwitchProfile(Model& m, bool wine);
// The next call of `operation` fails with `code`.
Result ScheduleFault(Model& m, Operation operation, uint32_t code);

// The current process's calls.
Result Open(Model& m, bool v6, SocketType type, int protocol);
Result Close(Model& m, int socket);
Result Bind(Model& m, int socket, const IpAddress& address, uint16_t port);
Result SetOption(Model& m, int socket, SocketOption option, uint32_t value);
Result GetOption(Model& m, int socket, SocketOption option);
Result Acquire(Model& m, int socket, PortRange range);
Result Release(Model& m, int socket, int token);
Result Associate(Model& m, int socket, int token);
Result CreatePersistent(Model& m, Protocol protocol, PortRange range);
Result DeletePersistent(Model& m, Protocol protocol, PortRange range);
Result LookupPersistent(Model& m, Protocol protocol, PortRange range);

}  // namespace portres::testkit::model

#endif  // PORTRES_TESTS_MODEL_MODEL_H_
