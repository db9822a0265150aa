// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Misuse is refused with its documented code and leaves the host
// bit-identical (its canonical dump unchanged): foreign tokens, stale and
// double-closed handles, tokens after reboot, unelevated persistent calls,
// out-of-range and wrapping ranges.

#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

class MisuseTest : public SimTest {
 protected:
  // A host with some of everything: reservations of each kind, a bound and
  // an associated socket, a closed handle, a pre-reboot token.
  void SetUp() override {
    SocketId pre_reboot = Udp(*a_);
    stale_token_ = MustAcquire(*a_, pre_reboot, {7000, 2}).token;
    ASSERT_THAT(a_->CloseSocket(pre_reboot), IsOk());
    a_socket_ = Udp(*a_);
    a_token_ = MustAcquire(*a_, a_socket_, {5000, 20}).token;
    a_user_ = Udp(*a_);
    ASSERT_THAT(a_->Associate(a_user_, a_token_), IsOk());
    ASSERT_THAT(a_->Bind(a_user_, kIpv4Any, 0), IsOk());
    persistent_ = *admin_->CreatePersistent(Protocol::kUdp, {6000, 10});
    ASSERT_THAT(host_.AddSystemReservation(Protocol::kUdp, {0, 100}), IsOk());
    // Handle values are per process and reused most recently freed first
    // (H4, U27): b's closed value stays free because b opens nothing after
    // closing it, and a_user_'s value (a's second) names nothing in b.
    b_socket_ = Udp(*b_);
    closed_ = Udp(*b_);
    ASSERT_THAT(b_->CloseSocket(closed_), IsOk());
  }

  // Runs `call`, expects `code`, and expects the dump not to change.
  void ExpectRefused(const std::string& what, uint32_t code,
                     const std::function<absl::Status()>& call) {
    const std::string before = host_.DumpState();
    EXPECT_THAT(call(), HasWindowsCode(code)) << what;
    EXPECT_EQ(host_.DumpState(), before) << what << " changed the host";
  }

  SocketId a_socket_ = 0, a_user_ = 0, b_socket_ = 0, closed_ = 0;
  Token a_token_, persistent_, stale_token_;
};

TEST_F(MisuseTest, ForeignTokens) {
  ExpectRefused("release another process's token", kWsaEAcces,
                [&] { return b_->Release(b_socket_, a_token_); });
  ExpectRefused("associate another process's token", kWsaEAcces,
                [&] { return b_->Associate(b_socket_, a_token_); });
  ExpectRefused("associate a persistent token unelevated", kWsaEAcces,
                [&] { return b_->Associate(b_socket_, persistent_); });
  SocketId admin_socket = Udp(*admin_);
  ExpectRefused("release a persistent token", kWsaEInval,
                [&] { return admin_->Release(admin_socket, persistent_); });
}

TEST_F(MisuseTest, StaleAndForeignHandles) {
  ExpectRefused("close a closed socket", kWsaENotSock,
                [&] { return b_->CloseSocket(closed_); });
  ExpectRefused("bind a closed socket", kWsaENotSock,
                [&] { return b_->Bind(closed_, kIpv4Any, 0).status(); });
  ExpectRefused("acquire on another process's socket", kWsaENotSock, [&] {
    return b_->Acquire(a_user_, {9000, 1}).status();
  });
  ExpectRefused("close another process's socket", kWsaENotSock,
                [&] { return b_->CloseSocket(a_user_); });
  ExpectRefused("release through a never-opened handle", kWsaENotSock,
                [&] { return a_->Release(0xdead0, a_token_); });
}

TEST_F(MisuseTest, StaleTokens) {
  ExpectRefused("release a token whose socket closed", kWsaEInval,
                [&] { return a_->Release(a_socket_, stale_token_); });
  SocketId fresh = Udp(*a_);
  ExpectRefused("associate a token whose socket closed", kWsaEInval,
                [&] { return a_->Associate(fresh, stale_token_); });
}

TEST_F(MisuseTest, TokensAfterReboot) {
  host_.Reboot();
  auto admin = host_.Process(host_.SpawnProcess({.elevated = true}));
  SocketId s = Udp(*admin);
  ExpectRefused("associate a pre-reboot persistent token", kWsaEInval,
                [&] { return admin->Associate(s, persistent_); });
  ExpectRefused("release a pre-reboot runtime token", kWsaEInval,
                [&] { return admin->Release(s, a_token_); });
  ExpectRefused("act through an exited process", kErrorInvalidHandle,
                [&] { return a_->Release(a_socket_, a_token_); });
}

TEST_F(MisuseTest, UnelevatedPersistentCalls) {
  ExpectRefused("create unelevated", kErrorAccessDenied, [&] {
    return b_->CreatePersistent(Protocol::kTcp, {8000, 5}).status();
  });
  ExpectRefused("delete unelevated", kErrorAccessDenied, [&] {
    return b_->DeletePersistent(Protocol::kUdp, {6000, 10});
  });
}

TEST_F(MisuseTest, OutOfRangeAndWrappingRanges) {
  ExpectRefused("acquire past 65535", kWsaEInval, [&] {
    return a_->Acquire(a_socket_, {65535, 2}).status();
  });
  ExpectRefused("acquire wrapping to port 0", kWsaEInval, [&] {
    return a_->Acquire(a_socket_, {65000, 65535}).status();
  });
  ExpectRefused("acquire zero ports", kWsaEInval, [&] {
    return a_->Acquire(a_socket_, {0, 0}).status();
  });
  ExpectRefused("create past 65535", kErrorInvalidParameter, [&] {
    return admin_->CreatePersistent(Protocol::kUdp, {65530, 7}).status();
  });
  ExpectRefused("lookup wrapping", kErrorInvalidParameter, [&] {
    return a_->LookupPersistent(Protocol::kUdp, {2, 65535}).status();
  });
  ExpectRefused("system block past 65535", kWsaEInval, [&] {
    return host_.AddSystemReservation(Protocol::kTcp, {65535, 9}).status();
  });
  ExpectRefused("dynamic range wrapping", kErrorInvalidParameter, [&] {
    return host_.SetDynamicPortRange(Protocol::kUdp, {65000, 1000});
  });
}

}  // namespace
}  // namespace portres::testkit
