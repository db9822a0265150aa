// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The reference model's reading of Windows' address rules (spec §16),
// written plainly from the document and apart from the simulator's
// sim/address_rules.cc: which addresses are local, and what a second bind of
// a port gets from a socket already bound there.

#ifndef PORTRES_TESTS_MODEL_ADDRESS_MODEL_H_
#define PORTRES_TESTS_MODEL_ADDRESS_MODEL_H_

#include <cstdint>

#include "portres/types.h"

namespace portres::testkit::model {

struct SocketOptions {
  bool reuse = false;      // SO_REUSEADDR
  bool exclusive = false;  // SO_EXCLUSIVEADDRUSE
  bool v6only = true;      // IPV6_V6ONLY, on by default (BA8)
  bool affinity = false;   // SIO_CPU_AFFINITY (SO8)
};

// One side of a bind, as the rules need it.
struct Binder {
  bool v6 = false;  // an AF_INET6 socket
  SocketOptions options;
  IpAddress address;
  int process = 0;
  int group = -1;  // the reservation slot it binds through, -1 if none
};

// BA2: wildcards, 127.0.0.0/8, ::1, and ::ffff: of a local IPv4 address.
bool IsLocal(const IpAddress& address);

// The code `second` gets binding a port `first` holds; 0 if both may.
uint32_t SecondBindCode(const Binder& first, const Binder& second);

}  // namespace portres::testkit::model

#endif  // PORTRES_TESTS_MODEL_ADDRESS_MODEL_H_
