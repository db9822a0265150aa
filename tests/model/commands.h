// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// rapidcheck commands over the reference model (model.h) and a Machine: one
// per operation. Each run() computes the model's expected result, makes the
// call, and asserts the exact Windows code, the returned values, token
// uniqueness and the machine's invariants.

#ifndef PORTRES_TESTS_MODEL_COMMANDS_H_
#define PORTRES_TESTS_MODEL_COMMANDS_H_

#include <cstdint>
#include <vector>

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
  PortReservations& Current(const model::Model& m) {
    return machine_.Process(pids_[m.current]);
  }
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
  Machine& machine_;
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
