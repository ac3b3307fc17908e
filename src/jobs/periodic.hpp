#pragma once
// A background job on its own thread: first after `first`, then every
// `every`, until the object is destroyed (which waits for a run in
// progress). Errors are logged, never thrown: a failed run is retried at
// the next period.
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace funnel::jobs {

class Periodic {
 public:
  Periodic(std::string name, std::chrono::seconds first, std::chrono::seconds every, std::function<void()> run);
  ~Periodic();
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  std::jthread thread_;
};

}  // namespace funnel::jobs
