// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The README's recipe from an installed portres: the model-based suite run
// against a PortReservations machine (here the simulator) with rc::check.
#include <cstdlib>
#include <memory>

#include "portres/testing/model_suite.h"
#include "portres/testing/sim_machine.h"
#include "rapidcheck.h"

int main() {
  const bool ok = rc::check("the simulator behaves like the model", [] {
    portres::testkit::CheckAgainstModel(
        [] { return std::make_unique<portres::testkit::SimMachine>(); });
  });
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
