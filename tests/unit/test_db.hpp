#pragma once
// A fresh, migrated database for one test: SQLite in a temporary directory,
// or, when FUNNEL_TEST_PG is set (postgresql://user:pass@host:port), a new
// PostgreSQL database on that server, dropped afterwards.
#include <sodium.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "app/services.hpp"
#include "crypto/crypto.hpp"
#include "store/db.hpp"

namespace funnel::testing {

class TestDb {
 public:
  // schema: migrate up to this version only (0: all).
  explicit TestDb(int schema = 0) {
    crypto::init();
    dir_ = std::filesystem::temp_directory_path() / ("funnel-unit-" + crypto::random_token(6));
    std::filesystem::create_directories(dir_);
    if (const char* pg = std::getenv("FUNNEL_TEST_PG"); pg && *pg) {
      server_ = pg;
      name_ = "funnel_u" + std::to_string(randombytes_uniform(1u << 30));
      admin_session().once << "CREATE DATABASE " + name_;  // name is ours, not input
      url_ = server_ + "/" + name_;
    } else {
      url_ = "sqlite://" + (dir_ / "t.db").string();
    }
    db_ = std::make_unique<store::Db>(url_, 4);
    if (schema)
      store::migrate(*db_, schema);
    else
      store::migrate(*db_);
  }
  ~TestDb() {
    app_.reset();
    db_.reset();
    if (!name_.empty()) {
      try {
        admin_session().once << "DROP DATABASE IF EXISTS " + name_;
      } catch (...) {
      }
    }
    std::filesystem::remove_all(dir_);
  }
  store::Db& db() { return *db_; }
  const std::filesystem::path& dir() const { return dir_; }
  bool postgres() const { return !name_.empty(); }
  app::Services& app() {
    if (!app_) {
      app::Config c;
      c.data_dir = dir_;
      c.database_url = url_;
      c.resource_dir = std::filesystem::path(FUNNEL_SOURCE_DIR) / "data";
      if (!std::filesystem::exists(crypto::default_key_file(dir_))) crypto::KeyRing::create(dir_);
      app_ = std::make_unique<app::Services>(c, std::make_unique<store::Db>(url_, 4));
    }
    return *app_;
  }

 private:
  soci::session admin_session() { return soci::session("postgresql", store::parse_db_url(server_ + "/postgres").connect); }
  std::filesystem::path dir_;
  std::string server_, name_, url_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<app::Services> app_;
};

}  // namespace funnel::testing
