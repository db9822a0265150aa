// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Fuzzes the persistent functions and the sim-control calls together: random
// Create/Delete/Lookup for TCP and UDP (network-order start, any count, NULL
// or real token pointer) across spawned, switched, exited processes,
// reboots, dynamic-range changes and system reservations. Every code must be
// one spec §7-§9 allows; invariants must hold throughout.

#include <iphlpapi.h>
#include <portres_sim.h>
#include <winsock2.h>

#include "tests/fuzz/fuzz_support.h"

using portres::fuzz::ExpectCode;
using portres::fuzz::ExpectInvariants;
using portres::fuzz::ExpectOperationCode;
using portres::fuzz::FuzzInput;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzInput in(data, size);
  PortresSimReset();
  PortresSimClearFaults();
  std::vector<DWORD> pids = {GetCurrentProcessId()};
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    const USHORT start =
        in.OneOf<USHORT>({htons(5000), htons(5010), 0, in.U16()});
    const USHORT count = in.OneOf<USHORT>({1, 20, 0, in.U16()});
    ULONG64 token = 0;
    PULONG64 token_pointer = in.Byte() % 8 ? &token : nullptr;
    // ERROR_INVALID_HANDLE (6) when the thread acts as an exited process.
    switch (in.Byte() % 10) {
      case 0:
        ExpectOperationCode(
            "CreatePersistentTcp",
            CreatePersistentTcpPortReservation(start, count, token_pointer),
            portres::Operation::kCreatePersistent, {});
        break;
      case 1:
        ExpectOperationCode(
            "CreatePersistentUdp",
            CreatePersistentUdpPortReservation(start, count, token_pointer),
            portres::Operation::kCreatePersistent, {});
        break;
      case 2:
        ExpectOperationCode("DeletePersistentTcp",
                            DeletePersistentTcpPortReservation(start, count),
                            portres::Operation::kDeletePersistent, {});
        break;
      case 3:
        ExpectOperationCode("DeletePersistentUdp",
                            DeletePersistentUdpPortReservation(start, count),
                            portres::Operation::kDeletePersistent, {});
        break;
      case 4:
        ExpectOperationCode(
            "LookupPersistentTcp",
            LookupPersistentTcpPortReservation(start, count, token_pointer),
            portres::Operation::kLookupPersistent, {});
        break;
      case 5:
        ExpectOperationCode(
            "LookupPersistentUdp",
            LookupPersistentUdpPortReservation(start, count, token_pointer),
            portres::Operation::kLookupPersistent, {});
        break;
      case 6:
        pids.push_back(PortresSimSpawnProcess(in.Byte() % 2));
        break;
      case 7: {
        const DWORD pid = pids[in.Byte() % pids.size()];
        if (in.Byte() % 3 == 0) {
          PortresSimExitProcess(pid);
        } else {
          PortresSimSwitchProcess(pid);
        }
        break;
      }
      case 8:
        if (in.Byte() % 4 == 0) {
          PortresSimReboot();
          pids.push_back(GetCurrentProcessId());
        } else {
          PortresSimSetDynamicPortRange(
              in.OneOf<int>({IPPROTO_TCP, IPPROTO_UDP, 1}), in.U16(), in.U16());
        }
        break;
      case 9:
        PortresSimAddSystemReservation(
            in.OneOf<int>({IPPROTO_TCP, IPPROTO_UDP, 0}),
            in.OneOf<USHORT>({0, 5000, in.U16()}),
            in.OneOf<USHORT>({1, 100, in.U16()}));
        break;
    }
    ExpectInvariants();
  }
  return 0;
}
