// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: host_machine.h
//
// An in-process Host seen through the Machine interface. It adapts rather
// than derives because Host's own controls keep the signatures every test
// and the design fix (`Pid SpawnProcess(ProcessOptions)`, `void Reboot()`,
// `ExcludedPortRanges` returning the rows): a Machine's return a Status
// because a shared machine's can fail on the way.
//
// Example:
//   portres::sim::Host host;
//   portres::sim::HostMachine machine(host);
//   absl::StatusOr<portres::sim::Pid> pid = machine.SpawnProcess(false);

#ifndef PORTRES_SIM_HOST_MACHINE_H_
#define PORTRES_SIM_HOST_MACHINE_H_

#include <memory>
#include <string>
#include <vector>

#include "portres/export.h"
#include "portres/sim/host.h"
#include "portres/sim/machine.h"

namespace portres::sim {

// A Machine over an in-process Host (see the file comment).
class PORTRES_SIM_API HostMachine final : public Machine {
 public:
  // `host` must outlive this adapter.
  explicit HostMachine(Host& host) : host_(host) {}

  std::unique_ptr<PortReservations> Process(Pid pid) override;
  absl::StatusOr<Pid> SpawnProcess(bool elevated) override;
  absl::Status ExitProcess(Pid pid) override;
  absl::Status Reboot() override;
  absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                   PortRange range) override;
  // `active_only` is not modelled in-process: ERROR_NOT_SUPPORTED.
  absl::Status SetDynamicPortRange(Protocol protocol, DynamicPortRange range,
                                   bool active_only) override;
  absl::StatusOr<DynamicPortRange> GetDynamicPortRange(
      Protocol protocol) override;
  absl::StatusOr<std::vector<ExcludedRange>> ExcludedPortRanges(
      Protocol protocol) override;
  absl::Status AddLocalAddress(const IpAddress& address) override;
  absl::Status CheckInvariants() override;
  absl::StatusOr<std::string> DumpState() override;
  Policy policy() override;
  WindowsVersion version() override;

  // The adapted host.
  Host& host() { return host_; }

 private:
  Host& host_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_HOST_MACHINE_H_
