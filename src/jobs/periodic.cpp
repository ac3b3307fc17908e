#include "jobs/periodic.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

namespace funnel::jobs {

Periodic::Periodic(std::string name, std::chrono::seconds first, std::chrono::seconds every, std::function<void()> run)
    : thread_([name = std::move(name), first, every, run = std::move(run)](std::stop_token stop) {
        std::mutex m;
        std::condition_variable_any cv;
        auto wait = [&](std::chrono::seconds d) {  // false once stopped
          std::unique_lock lk(m);
          cv.wait_for(lk, stop, d, [] { return false; });
          return !stop.stop_requested();
        };
        for (auto delay = first; wait(delay); delay = every) {
          try {
            run();
          } catch (const std::exception&) {
            spdlog::warn("{{\"event\":\"job_failed\",\"job\":\"{}\"}}", name);
          }
        }
      }) {}

Periodic::~Periodic() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace funnel::jobs
