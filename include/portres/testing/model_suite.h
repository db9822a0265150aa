// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: model_suite.h
//
// The model-based property suite: random command sequences (open/close/bind
// sockets, acquire/associate/release runtime reservations, create/delete/
// lookup persistent ones, spawn/exit/switch processes, reboot, system
// reservations, dynamic ranges) run against a Machine and against a small
// reference model of Windows' rules (spec rows cited in tests/model/model.cc);
// every call's exact Windows code and returned values must match, and the
// machine's invariants must hold after every step. Call it inside a
// rapidcheck property; a failure shrinks to a short sequence and prints the
// seed to replay it with RC_PARAMS="reproduce=...".
//
// Example:
//   RC_GTEST_PROP(SimModel, BehavesLikeWindows, ()) {
//     portres::testkit::CheckAgainstModel(
//         [] { return std::make_unique<portres::testkit::SimMachine>(); });
//   }
//
// Thread safety: runs on the calling thread.

#ifndef PORTRES_TESTING_MODEL_SUITE_H_
#define PORTRES_TESTING_MODEL_SUITE_H_

#include "portres/testing/machine.h"

namespace portres::testkit {

// rapidcheck assertion semantics: use inside RC_GTEST_PROP / rc::check.
void CheckAgainstModel(const MachineFactory& make_machine);

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_MODEL_SUITE_H_
