// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Test helpers for the host service: a private directory, a service
// running in this test process on a real Unix socket, and the model
// suite's Machine over a shared machine.

#ifndef PORTRES_TESTS_SERVICE_SERVICE_FIXTURE_H_
#define PORTRES_TESTS_SERVICE_SERVICE_FIXTURE_H_

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "portres/sim/shared_machine.h"
#include "portres/testing/machine.h"
#include "service/server.h"

namespace portres::service_test {

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/portres-test-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (made == nullptr) std::abort();
    path_ = made;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const {
    return path_ + "/" + name;
  }

 private:
  std::string path_;
};

// Options for a service in `dir`: this user's group is elevated, so the
// tests' own connections are administrators whoever runs them.
inline sim::service::ServerOptions TestServerOptions(const TempDir& dir) {
  sim::service::ServerOptions options;
  options.socket_path = dir.File("host.sock");
  options.pid_path = dir.File("host.pid");
  options.store_path = dir.File("host.store");
  options.elevated_groups = {::getegid()};
  return options;
}

inline std::unique_ptr<sim::service::Server> StartServer(
    const sim::service::ServerOptions& options) {
  absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
      sim::service::Server::Start(options);
  if (!server.ok()) {
    ADD_FAILURE() << server.status();
    return nullptr;
  }
  return *std::move(server);
}

inline std::unique_ptr<sim::SharedMachine> Connect(const std::string& socket) {
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachineAt(socket);
  if (!machine.ok()) {
    ADD_FAILURE() << machine.status();
    return nullptr;
  }
  return *std::move(machine);
}

// The model suite's Machine over a shared machine of its own: a service in
// this process, reached through its socket like any client.
class SharedTestMachine : public testkit::Machine {
 public:
  SharedTestMachine()
      : server_(StartServer(TestServerOptions(dir_))),
        machine_(Connect(dir_.File("host.sock"))) {}

  uint32_t SpawnProcess(bool elevated) override {
    absl::StatusOr<sim::Pid> pid = machine_->SpawnProcess(elevated);
    if (!pid.ok()) std::abort();  // the suite cannot go on without it
    return *pid;
  }
  absl::Status ExitProcess(uint32_t pid) override {
    return machine_->ExitProcess(pid);
  }
  PortReservations& Process(uint32_t pid) override {
    std::unique_ptr<PortReservations>& view = views_[pid];
    if (view == nullptr) view = machine_->Process(pid);
    return *view;
  }
  void Reboot() override {
    if (!machine_->Reboot().ok()) std::abort();
  }
  absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                   PortRange range) override {
    return machine_->AddSystemReservation(protocol, range);
  }
  absl::Status SetDynamicPortRange(Protocol protocol, uint16_t start,
                                   uint16_t count) override {
    return machine_->SetDynamicPortRange(protocol, {start, count}, false);
  }
  absl::Status CheckInvariants() override {
    return machine_->CheckInvariants();
  }
  std::string StateDump() override {
    absl::StatusOr<std::string> dump = machine_->DumpState();
    return dump.ok() ? *dump : std::string(dump.status().message());
  }

 private:
  TempDir dir_;
  std::unique_ptr<sim::service::Server> server_;
  std::unique_ptr<sim::SharedMachine> machine_;
  std::map<uint32_t, std::unique_ptr<PortReservations>> views_;
};

}  // namespace portres::service_test

#endif  // PORTRES_TESTS_SERVICE_SERVICE_FIXTURE_H_
