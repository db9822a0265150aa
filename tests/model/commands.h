// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// rapidcheck commands over the reference model (model.h) and a Machine: one
// per operation. Each run() computes the model's expected result, makes the
// call, and asserts the exact Windows code, the returned values, token
// uniqueness and the machine's invariants.

#ifndef PORTRES_TESTS_MODEL_COMMANDS_H_
#define PORTRES_TESTS_MODEL_COMMANDS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "portres/fault_plan.h"
#include "portres/testing/fault_injection.h"
#include "portres/testing/machine.h"
#include "rapidcheck.h"
#include "rapidcheck/state.h"
#include "tests/model/model.h"

namespace portres::testkit {

// The machine side of the model's indices: real pids, handles and tokens.
class ModelSut {
 public:
  explicit ModelSut(Machine& machine);

  Machine& machine() { return machine_; }
  // The current process's calls, through the fault plan. When a fault is
  // scheduled, the machine's state is recorded first, so CheckInvariants
  // can see that the faulted call changed nothing (FI3).
  PortReservations& Current(const model::Model& m);
  FaultPlan& faults() { return faults_; }
  // The machine's invariants hold; after an injected fault, its state is
  // as before the call.
  void CheckInvariants();
  uint32_t pid(int process) const { return pids_[process]; }
  void AddProcess(uint32_t pid) { pids_.push_back(pid); }
  SocketId socket(int index) const;
  // Records the value a socket() returned for the model's handle number: a
  // number seen before must come back as the same value (values are per
  // process, and the machine numbers every process's handles alike), a new
  // number as a value never seen before.
  void AddSocket(int handle, SocketId value);
  Token token(int slot) const;
  // Records the token a call returned for `result`'s slot: a new slot must
  // get a token never seen before, a known slot the same token again.
  void RecordToken(const model::Result& result, Token token);

 private:
  // After a faulted call: the machine's state is as before it (FI3).
  void CheckFaultedCall();

  Machine& machine_;
  FaultPlan faults_;
  // The fault decorator of each process the suite has called through.
  std::map<uint32_t, std::unique_ptr<FaultInjectingPortReservations>> views_;
  size_t injected_seen_ = 0;
  std::string before_fault_;  // StateDump() before the call a fault is for
  std::vector<uint32_t> pids_;
  std::vector<SocketId> sockets_;        // by socket index
  std::vector<SocketId> handle_values_;  // by handle number
  std::vector<Token> tokens_;
};

using ModelCommand = rc::state::Command<model::Model, ModelSut>;

// A generator of any command for a model state.
rc::Gen<std::shared_ptr<const ModelCommand>> GenCommand(const model::Model& m);

}  // namespace portres::testkit

#endif  // PORTRES_TESTS_MODEL_COMMANDS_H_
