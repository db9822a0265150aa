// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: sim_machine.h
//
// The simulator as a portres::testkit::Machine, for the model-based suite.
// Header-only so that a binary can pair it with a differently built
// simulator library (the mutation check links a test-only one).
//
// Example:
//   portres::testkit::CheckAgainstModel(
//       [] { return std::make_unique<portres::testkit::SimMachine>(); });
//
// Thread safety: as sim::Host.

#ifndef PORTRES_TESTING_SIM_MACHINE_H_
#define PORTRES_TESTING_SIM_MACHINE_H_

#include <map>
#include <memory>

#include "portres/sim/host.h"
#include "portres/sim/profile.h"
#include "portres/testing/machine.h"

namespace portres::testkit {

// The simulator as a Machine.
class SimMachine : public Machine {
 public:
  // A fresh simulated host built from `options`.
  explicit SimMachine(const sim::HostOptions& options = {}) : host_(options) {}

  uint32_t SpawnProcess(bool elevated) override {
    return host_.SpawnProcess({.elevated = elevated});
  }
  absl::Status ExitProcess(uint32_t pid) override {
    return host_.ExitProcess(pid);
  }
  PortReservations& Process(uint32_t pid) override {
    std::unique_ptr<PortReservations>& view = views_[pid];
    if (view == nullptr) view = host_.Process(pid);
    return *view;
  }
  void Reboot() override { host_.Reboot(); }
  absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                   PortRange range) override {
    return host_.AddSystemReservation(protocol, range);
  }
  absl::Status SetDynamicPortRange(Protocol protocol, uint16_t start,
                                   uint16_t count) override {
    return host_.SetDynamicPortRange(protocol, {start, count});
  }
  absl::Status CheckInvariants() override { return host_.CheckInvariants(); }
  std::string StateDump() override { return host_.DumpState(); }
  bool CanSwitchProfiles() const override { return true; }
  absl::Status RebootInto(absl::string_view profile) override {
    absl::StatusOr<sim::HostOptions> options = sim::ProfileOptions(profile);
    if (!options.ok()) return options.status();
    host_.RebootInto(*options);
    return absl::OkStatus();
  }

  // The host behind it, for extra checks.
  sim::Host& host() { return host_; }

 private:
  sim::Host host_;
  std::map<uint32_t, std::unique_ptr<PortReservations>> views_;
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_SIM_MACHINE_H_
