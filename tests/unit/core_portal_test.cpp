// The portal's rules (src/core/portal), its signed tokens and evidence store
// (src/crypto, src/files) and the per-network rate limiter (src/http).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/portal.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "http/rate_limit.hpp"

using namespace funnel;

TEST(PortalReceipt, SixteenSymbolsOfCrockfordBase32) {
  std::array<unsigned char, 10> zero{}, ones{};
  ones.fill(0xFF);
  EXPECT_EQ(core::receipt_code(zero), "0000000000000000");
  EXPECT_EQ(core::receipt_code(ones), "ZZZZZZZZZZZZZZZZ");
  std::array<unsigned char, 10> b{0x08, 0x86, 0x42, 0x98, 0xE8, 0x4A, 0x52, 0x6A, 0x5A, 0xD6};
  auto code = core::receipt_code(b);
  EXPECT_EQ(code.size(), 16u);
  EXPECT_EQ(code.find_first_of("ILOU"), std::string::npos);
  EXPECT_EQ(core::format_receipt(code).size(), 19u);
  EXPECT_EQ(core::format_receipt("ABCDEFGHJKMNPQRS"), "ABCD-EFGH-JKMN-PQRS");
  EXPECT_EQ(core::mask_receipt("ABCDEFGHJKMNPQRS"), "ABCD-****-****-PQRS");
}

TEST(PortalReceipt, TypedCodesAreForgivenLookalikesAndSeparators) {
  EXPECT_EQ(*core::normalize_receipt("abcd-efgh-jkmn-pqrs"), "ABCDEFGHJKMNPQRS");
  EXPECT_EQ(*core::normalize_receipt("ABCD EFGH JKMN PQRS"), "ABCDEFGHJKMNPQRS");
  EXPECT_EQ(*core::normalize_receipt("O0IL-0000-0000-0000"), "0011000000000000");
  EXPECT_FALSE(core::normalize_receipt("ABCD-EFGH-JKMN-PQR").has_value());    // 15
  EXPECT_FALSE(core::normalize_receipt("ABCD-EFGH-JKMN-PQRST").has_value());  // 17
  EXPECT_FALSE(core::normalize_receipt("ABCD-EFGH-JKMN-PQRU").has_value());   // U is not a symbol
  EXPECT_FALSE(core::normalize_receipt("ABCD-EFGH-JKMN-PQR\xE4").has_value());
  EXPECT_FALSE(core::normalize_receipt(std::string(100, 'A')).has_value());
}

TEST(PortalPow, LeadingZeroBitsAndNonces) {
  const unsigned char a[] = {0x00, 0x00, 0x1F, 0xFF};
  EXPECT_EQ(core::leading_zero_bits(a, sizeof a), 19);
  const unsigned char b[] = {0x80};
  EXPECT_EQ(core::leading_zero_bits(b, sizeof b), 0);
  const unsigned char c[] = {0x00, 0x00};
  EXPECT_EQ(core::leading_zero_bits(c, sizeof c), 16);
  EXPECT_TRUE(core::valid_nonce("0"));
  EXPECT_TRUE(core::valid_nonce("12345678901234567890"));
  EXPECT_FALSE(core::valid_nonce(""));
  EXPECT_FALSE(core::valid_nonce("123456789012345678901"));
  EXPECT_FALSE(core::valid_nonce("12a"));
  EXPECT_FALSE(core::valid_nonce("-1"));
}

TEST(PortalPow, ASolvedChallengeVerifiesWithSha256) {
  crypto::init();
  // The browser's search, done here: the first nonce with 8 zero bits.
  const std::string challenge = "abc";
  int found = -1;
  for (int n = 0; n < 100000 && found < 0; ++n) {
    auto d = crypto::sha256(challenge + ":" + std::to_string(n));
    if (core::leading_zero_bits(reinterpret_cast<const unsigned char*>(d.data()), d.size()) >= 8) found = n;
  }
  ASSERT_GE(found, 0);
  // Known SHA-256 test vector: the same function the browser runs.
  auto abc = crypto::sha256("abc");
  EXPECT_EQ(static_cast<unsigned char>(abc[0]), 0xBA);
  EXPECT_EQ(static_cast<unsigned char>(abc[31]), 0xAD);
}

TEST(PortalStatus, ReportersSeeFiveStatusesOnly) {
  using core::PublicStatus;
  EXPECT_EQ(core::public_status("registered"), PublicStatus::Received);
  EXPECT_EQ(core::public_status("accepted"), PublicStatus::Accepted);
  EXPECT_EQ(core::public_status("merged"), PublicStatus::Accepted);
  EXPECT_EQ(core::public_status("transferred_out"), PublicStatus::Transferred);
  for (auto s : {"assigned", "in_progress", "converted_to_clue"})
    EXPECT_EQ(core::public_status(s), PublicStatus::Handling) << s;
  for (auto s : {"concluded", "feedback_given", "followed_up", "archived", "rejected"})
    EXPECT_EQ(core::public_status(s), PublicStatus::Concluded) << s;
  EXPECT_EQ(core::public_status_code(PublicStatus::Handling), "handling");
  EXPECT_TRUE(core::portal_final_state("archived"));
  EXPECT_TRUE(core::portal_final_state("transferred_out"));
  EXPECT_FALSE(core::portal_final_state("in_progress"));
  auto d = *core::parse_day("2026-12-01");
  EXPECT_EQ(core::format_day(core::access_expires(d, 180)), "2027-05-30");
}

TEST(PortalEvidence, TypesAndNames) {
  EXPECT_EQ(*core::evidence_label("image/jpeg"), "图片");
  EXPECT_EQ(*core::evidence_label("application/pdf"), "PDF");
  EXPECT_EQ(*core::evidence_label("text/plain"), "文本");
  for (auto t : {"application/x-dosexec", "application/x-executable", "application/x-sharedlib", "text/html",
                 "text/x-shellscript", "application/zip", "application/octet-stream", "image/svg+xml"})
    EXPECT_FALSE(core::evidence_label(t).has_value()) << t;
  EXPECT_EQ(core::clean_file_name("C:\\Users\\x\\照片 1.jpg"), "照片 1.jpg");
  EXPECT_EQ(core::clean_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(core::clean_file_name("a\"b\r\n.txt"), "ab.txt");
  EXPECT_EQ(core::clean_file_name(".."), "");
  EXPECT_EQ(core::clean_file_name("dir/"), "");
  EXPECT_EQ(core::clean_file_name("\xFF\xFE"), "");
  EXPECT_EQ(core::clean_file_name(std::string(300, 'x')).size(), 120u);
}

namespace {
std::filesystem::path temp_dir(const char* what) {
  return std::filesystem::temp_directory_path() / (std::string(what) + crypto::random_token(6));
}
}  // namespace

TEST(PortalTokens, SignedPayloadsAreBoundToTheirPurpose) {
  crypto::init();
  auto dir = temp_dir("funnel-key-");
  crypto::KeyRing::create(dir);
  auto k = crypto::KeyRing::load(crypto::default_key_file(dir));
  auto t = k.sign(std::string("\x00\x01payload", 9), "portal.session");
  EXPECT_EQ(*k.verify(t, "portal.session"), std::string("\x00\x01payload", 9));
  EXPECT_FALSE(k.verify(t, "portal.challenge").has_value());
  auto tampered = t;
  tampered[2] = tampered[2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(k.verify(tampered, "portal.session").has_value());
  EXPECT_FALSE(k.verify("no-dot", "portal.session").has_value());
  EXPECT_FALSE(k.verify(std::string(600, 'a') + ".b", "portal.session").has_value());
  std::filesystem::remove_all(dir);
}

TEST(EvidenceStore, TypeFromContentAndEncryptedContentAddressedFiles) {
  crypto::init();
  EXPECT_EQ(files::sniff_type(std::string("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n")), "application/pdf");
  EXPECT_EQ(files::sniff_type("\x89PNG\r\n\x1A\n" + std::string("\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0", 17)),
            "image/png");
  EXPECT_EQ(files::sniff_type("他在 2026 年收了钱。\n"), "text/plain");
  // An ELF executable named like a photo is still an executable.
  std::string elf(
      "\x7F"
      "ELF\x02\x01\x01",
      7);
  elf.resize(64, '\0');
  elf[16] = 2;  // ET_EXEC
  elf[18] = 0x3E;
  EXPECT_FALSE(core::evidence_label(files::sniff_type(elf)).has_value()) << files::sniff_type(elf);
  std::string pe("MZ");
  pe.resize(256, '\0');
  EXPECT_FALSE(core::evidence_label(files::sniff_type(pe)).has_value()) << files::sniff_type(pe);

  auto dir = temp_dir("funnel-evidence-");
  crypto::KeyRing::create(dir);
  auto k = crypto::KeyRing::load(crypto::default_key_file(dir));
  files::EvidenceStore store(dir / "evidence", k);
  const std::string secret = "举报材料：张某收受红包 5000 元";
  auto digest = store.put(secret);
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_EQ(store.put(secret), digest);  // the same content, one file
  EXPECT_EQ(*store.get(digest), secret);
  // On disk: neither the content nor a plain hash of it.
  std::ifstream in(dir / "evidence" / digest.substr(0, 2) / digest, std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(raw.find("张某"), std::string::npos);
  EXPECT_NE(digest, crypto::blake2b_hex(secret));
  // A damaged file does not decrypt; a bad address is refused.
  {
    std::fstream f(dir / "evidence" / digest.substr(0, 2) / digest, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(30);
    f.put('\x55');
  }
  EXPECT_FALSE(store.get(digest).has_value());
  EXPECT_FALSE(store.get("../../keys/master.key").has_value());
  std::filesystem::remove_all(dir);
}

TEST(RateLimiter, CountsPerKindAndAddressAndRefusesWhenFull) {
  crypto::init();
  http::RateLimiter l(3);
  EXPECT_TRUE(l.allow("login", "10.0.0.1", 2));
  EXPECT_TRUE(l.allow("login", "10.0.0.1", 2));
  EXPECT_FALSE(l.allow("login", "10.0.0.1", 2));
  EXPECT_TRUE(l.allow("submit", "10.0.0.1", 2));  // another kind
  EXPECT_TRUE(l.allow("login", "10.0.0.2", 2));   // another address
  EXPECT_FALSE(l.allow("login", "10.0.0.3", 2));  // table full: refuse rather than grow
  EXPECT_TRUE(l.allow("login", "10.0.0.9", 0));   // 0: no limit
}

TEST(EvidenceStore, SweepTakesOldUnnamedFilesOnly) {
  crypto::init();
  namespace fs = std::filesystem;
  auto dir = temp_dir("funnel-sweep-");
  crypto::KeyRing::create(dir);
  auto k = crypto::KeyRing::load(crypto::default_key_file(dir));
  files::EvidenceStore store(dir / "evidence", k);
  const auto kept = store.put("有行的材料"), orphan = store.put("无行的旧材料"), young = store.put("无行的新材料"),
             again = store.put("旧文件又被上传");
  auto path = [&](const std::string& d) { return dir / "evidence" / d.substr(0, 2) / d; };
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(3);
  for (const auto& d : {kept, orphan, again}) fs::last_write_time(path(d), old);
  // A leftover temporary file of an interrupted write.
  { std::ofstream(path(kept).parent_path() / "x.tmp1-2") << "partial"; }
  fs::last_write_time(path(kept).parent_path() / "x.tmp1-2", old);
  // Uploaded again: young again, so its new row has time to commit.
  EXPECT_EQ(store.put("旧文件又被上传"), again);
  auto named = [&](const std::string& d) { return d == kept; };
  EXPECT_EQ(store.sweep(named, std::chrono::hours(2)), 2);  // the orphan and the temporary file
  EXPECT_TRUE(fs::exists(path(kept)));
  EXPECT_FALSE(fs::exists(path(orphan)));
  EXPECT_TRUE(fs::exists(path(young)));
  EXPECT_TRUE(fs::exists(path(again)));
  // When the database cannot answer, nothing is deleted.
  fs::last_write_time(path(young), old);
  EXPECT_THROW(
      store.sweep([](const std::string&) -> bool { throw std::runtime_error("db down"); }, std::chrono::hours(2)),
      std::runtime_error);
  EXPECT_TRUE(fs::exists(path(young)));
  fs::remove_all(dir);
}
