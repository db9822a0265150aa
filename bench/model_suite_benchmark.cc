// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Throughput of the model-based property suite against the simulator:
// generated command sequences per second, generation and execution together
// (issue: "≥ 1000 sequences of ~50 commands per second on one core").

#include <memory>

#include "benchmark/benchmark.h"
#include "portres/testing/sim_machine.h"
#include "rapidcheck.h"
#include "rapidcheck/state.h"
#include "tests/model/commands.h"
#include "tests/model/model.h"

namespace portres::testkit {
namespace {

void BM_ModelSuiteSequences(benchmark::State& state) {
  // rapidcheck's size bounds the sequence length; generated lengths spread
  // below it, so the average is reported as a counter.
  const int size = static_cast<int>(state.range(0));
  const auto sequences = rc::state::gen::commands(model::Initial(), GenCommand);
  uint64_t seed = 1;
  int64_t commands = 0;
  for (auto _ : state) {
    const auto generated = sequences(rc::Random(seed++), size).value();
    SimMachine machine;
    ModelSut sut(machine);
    rc::state::runAll(generated, model::Initial(), sut);
    commands += static_cast<int64_t>(generated.size());
  }
  state.counters["sequences_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["commands_per_sequence"] =
      static_cast<double>(commands) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ModelSuiteSequences)
    ->Arg(50)
    ->Arg(100)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace portres::testkit
