#include <gtest/gtest.h>

#include <filesystem>

#include "core/password_policy.hpp"
#include "crypto/crypto.hpp"

using namespace funnel;

TEST(Crypto, PasswordHashRoundTrip) {
  crypto::init();
  auto h = crypto::hash_password("Init-Pass-2026");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(crypto::verify_password(h, "Init-Pass-2026"));
  EXPECT_FALSE(crypto::verify_password(h, "Init-Pass-2027"));
}

TEST(Crypto, GeneratedPasswordsMeetThePolicy) {
  crypto::init();
  for (int i = 0; i < 200; ++i) {
    auto pw = crypto::random_password();
    EXPECT_EQ(pw.size(), 16u);
    EXPECT_FALSE(core::password_problem(pw, "admin").has_value()) << pw;
  }
}

TEST(Crypto, TokensAreRandomAndUrlSafe) {
  crypto::init();
  auto a = crypto::random_token(32), b = crypto::random_token(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
}

TEST(Crypto, FieldEncryptionBindsAssociatedData) {
  crypto::init();
  auto dir = std::filesystem::temp_directory_path() / ("funnel-key-" + crypto::random_token(6));
  crypto::KeyRing::create(dir);
  EXPECT_THROW(crypto::KeyRing::create(dir), std::runtime_error);  // never overwritten
  auto perms = std::filesystem::status(crypto::default_key_file(dir)).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::group_read, std::filesystem::perms::none);
  auto k = crypto::KeyRing::load(crypto::default_key_file(dir));
  auto sealed = k.encrypt("张三 370102199001011234", "petitions.reporter");
  EXPECT_EQ(sealed.find("张三"), std::string::npos);
  EXPECT_EQ(*k.decrypt(sealed, "petitions.reporter"), "张三 370102199001011234");
  EXPECT_FALSE(k.decrypt(sealed, "petitions.other").has_value());
  sealed[30] ^= 1;
  EXPECT_FALSE(k.decrypt(sealed, "petitions.reporter").has_value());
  std::filesystem::remove_all(dir);
}

TEST(Crypto, SealedTextAndBlindIndex) {
  crypto::init();
  auto dir = std::filesystem::temp_directory_path() / ("funnel-key-" + crypto::random_token(6));
  crypto::KeyRing::create(dir);
  auto k = crypto::KeyRing::load(crypto::default_key_file(dir));
  auto t = k.seal_text("{\"name\":\"李四\"}", "petitions.reporter:1");
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
            std::string::npos);
  EXPECT_EQ(*k.open_text(t, "petitions.reporter:1"), "{\"name\":\"李四\"}");
  EXPECT_FALSE(k.open_text(t, "petitions.reporter:2").has_value());  // bound to its row
  EXPECT_FALSE(k.open_text("not base64!", "petitions.reporter:1").has_value());
  // Equal values meet, different purposes and values do not; no plain digits leak.
  auto a = k.blind_index("370102199001011237", "reporter.id_number");
  EXPECT_EQ(a, k.blind_index("370102199001011237", "reporter.id_number"));
  EXPECT_NE(a, k.blind_index("370102199001011237", "reporter.phone"));
  EXPECT_NE(a, k.blind_index("370102199001011245", "reporter.id_number"));
  EXPECT_EQ(a.size(), 32u);
  // Another key gives another index: the index is useless without the key.
  auto dir2 = std::filesystem::temp_directory_path() / ("funnel-key-" + crypto::random_token(6));
  crypto::KeyRing::create(dir2);
  auto k2 = crypto::KeyRing::load(crypto::default_key_file(dir2));
  EXPECT_NE(a, k2.blind_index("370102199001011237", "reporter.id_number"));
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(dir2);
}
