// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/testing/model_suite.h"

#include "rapidcheck.h"
#include "rapidcheck/state.h"
#include "tests/model/commands.h"
#include "tests/model/model.h"

namespace portres::testkit {

void CheckAgainstModel(const MachineFactory& make_machine) {
  std::unique_ptr<Machine> machine = make_machine();
  ModelSut sut(*machine);
  model::Model initial = model::Initial();
  initial.can_switch_profiles = machine->CanSwitchProfiles();
  rc::state::check(initial, sut, GenCommand);
}

}  // namespace portres::testkit
