// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// portres_sim.h's scheduled faults over the compat layer's FaultPlan
// (docs §20, FI1-FI4).

#include <vector>

#include "portres/fault_plan.h"
#include "portres/operations.h"
#include "portres_sim.h"
#include "compat/compat_state.h"
#include "winsock2.h"

namespace {

using portres::Operation;
using portres::compat::internal::CompatState;

static_assert(PORTRES_SIM_OP_SOCKET ==
              static_cast<int>(Operation::kOpenSocket));
static_assert(PORTRES_SIM_OP_BIND == static_cast<int>(Operation::kBind));
static_assert(PORTRES_SIM_OP_ACQUIRE == static_cast<int>(Operation::kAcquire));
static_assert(PORTRES_SIM_OP_RELEASE == static_cast<int>(Operation::kRelease));
static_assert(PORTRES_SIM_OP_ASSOCIATE ==
              static_cast<int>(Operation::kAssociate));
static_assert(PORTRES_SIM_OP_LOOKUP_PERSISTENT ==
              static_cast<int>(Operation::kLookupPersistent));

portres::FaultPlan& Plan() { return CompatState::Get().faults(); }

bool IsCallOperation(DWORD operation) {
  return operation <= PORTRES_SIM_OP_LOOKUP_PERSISTENT;
}

BOOL Refused() {
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}

BOOL Added(const absl::Status& status) { return status.ok() ? TRUE : Refused(); }

}  // namespace

extern "C" {

BOOL PortresSimFailNext(DWORD operation, DWORD code, DWORD times) {
  if (!IsCallOperation(operation)) return Refused();
  return Added(Plan().FailNext(static_cast<Operation>(operation), code, times));
}

BOOL PortresSimFailPorts(DWORD operation, DWORD code, int protocol,
                         USHORT first, USHORT last) {
  if (!IsCallOperation(operation) || first > last ||
      (protocol != 0 && protocol != IPPROTO_TCP && protocol != IPPROTO_UDP)) {
    return Refused();
  }
  portres::FaultPredicate touches = portres::TouchesPorts(first, last);
  std::optional<portres::Protocol> pool;
  if (protocol != 0) {
    pool = protocol == IPPROTO_TCP ? portres::Protocol::kTcp
                                   : portres::Protocol::kUdp;
  }
  return Added(Plan().FailWhen(
      static_cast<Operation>(operation), code,
      [touches, pool](const portres::FaultCall& call) {
        return touches(call) && (!pool || call.protocol == pool);
      }));
}

BOOL PortresSimFailRandomly(DWORD operation, DWORD code, DWORD per_million,
                            ULONG64 seed) {
  if (!IsCallOperation(operation) || per_million > 1000000) return Refused();
  return Added(Plan().FailRandomly(static_cast<Operation>(operation), code,
                                   per_million / 1e6, seed));
}

void PortresSimClearFaults(void) { Plan().Clear(); }

DWORD PortresSimInjectedFaultCount(void) {
  return static_cast<DWORD>(Plan().Injected().size());
}

BOOL PortresSimInjectedFault(DWORD index, DWORD* operation, DWORD* code) {
  const std::vector<portres::InjectedFault> injected = Plan().Injected();
  if (index >= injected.size() || operation == nullptr || code == nullptr) {
    return Refused();
  }
  *operation = static_cast<DWORD>(injected[index].call.operation);
  *code = injected[index].code;
  return TRUE;
}

}  // extern "C"
