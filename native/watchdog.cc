// spamscore's slice watchdog: runs a JS function under a deadline and terminates it when the
// deadline passes, from one long-lived thread per isolate (the main thread, each worker).
//
// Why not node's `vm` timeout, which does the same: vm starts a new watchdog thread (its own
// libuv loop) for every call and joins it afterwards. A scan arms the guard about once per
// message, and on a busy 2-core machine creating and joining that thread cost 0.1-1.6 ms a time
// (the join waits for the new thread to be scheduled), 7-9% of a scan. Here arming is a store
// under an uncontended mutex: the thread sleeps until the earliest deadline it was given, and is
// only woken when a new deadline is earlier than the one it sleeps towards.
//
// Termination works as vm's does: `Isolate::TerminateExecution` (callable from any thread)
// unwinds the running JS, a regex mid-backtrack included, to the `TryCatch` in `Run`, which
// cancels it (`CancelTerminateExecution`) when the watchdog was the cause, so the caller goes on.
// A termination from elsewhere (`worker.terminate()`, process exit) is left to propagate.
#include <node.h>
#include <v8.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

class Watchdog {
 public:
  explicit Watchdog(v8::Isolate* isolate) : isolate_(isolate) {}

  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  // Starts watching: the running JS is terminated once `ms` milliseconds have passed, unless
  // Disarm() comes first.
  void Arm(double ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
    deadline_ = Clock::now() + std::chrono::microseconds(static_cast<int64_t>(ms * 1000.0));
    armed_ = true;
    fired_ = false;
    // The thread sleeps towards an earlier deadline (or none): only a sooner one needs it awake.
    if (deadline_ < sleepsUntil_) wake_.notify_one();
  }

  // Stops watching; true when the watchdog terminated (or was about to terminate) the JS.
  bool Disarm() {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_ = false;
    return fired_;
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      if (armed_ && Clock::now() >= deadline_) {
        armed_ = false;
        fired_ = true;
        isolate_->TerminateExecution();
        continue;
      }
      // Disarmed, the thread still sleeps towards the last deadline rather than waking to
      // wait for the next: the next Arm() then rarely has to wake it.
      if (armed_) {
        sleepsUntil_ = deadline_;
        wake_.wait_until(lock, deadline_);
      } else {
        sleepsUntil_ = Clock::time_point::max();
        wake_.wait(lock);
      }
    }
  }

  v8::Isolate* const isolate_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  bool stop_ = false;
  bool armed_ = false;
  bool fired_ = false;
  Clock::time_point deadline_;
  Clock::time_point sleepsUntil_ = Clock::time_point::max();
};

// run(fn, ms, timedOut): fn's result, or `timedOut` when the deadline ended it. fn's own
// exceptions propagate.
void Run(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  if (args.Length() < 3 || !args[0]->IsFunction() || !args[1]->IsNumber()) {
    isolate->ThrowException(v8::Exception::TypeError(
        v8::String::NewFromUtf8Literal(isolate, "run(fn, ms, timedOut): fn must be a function and ms a number")));
    return;
  }
  auto* watchdog = static_cast<Watchdog*>(args.Data().As<v8::External>()->Value());
  v8::Local<v8::Function> fn = args[0].As<v8::Function>();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::TryCatch tryCatch(isolate);
  watchdog->Arm(args[1].As<v8::Number>()->Value());
  v8::MaybeLocal<v8::Value> result = fn->Call(context, v8::Undefined(isolate), 0, nullptr);
  if (watchdog->Disarm()) {
    // Ours: cancel it, whether it already unwound fn or is still pending (fired as fn returned).
    isolate->CancelTerminateExecution();
    if (result.IsEmpty()) {
      args.GetReturnValue().Set(args[2]);
      return;
    }
  } else if (tryCatch.HasTerminated()) {
    return;  // someone else's termination: let it go on unwinding
  }
  if (tryCatch.HasCaught()) {
    tryCatch.ReThrow();
    return;
  }
  args.GetReturnValue().Set(result.ToLocalChecked());
}

}  // namespace

// Context-aware: a worker thread loading the addon gets its own watchdog for its own isolate,
// stopped when that isolate's environment is torn down.
NODE_MODULE_INIT() {
  v8::Isolate* isolate = context->GetIsolate();
  auto* watchdog = new Watchdog(isolate);
  node::AddEnvironmentCleanupHook(
      isolate, [](void* data) { delete static_cast<Watchdog*>(data); }, watchdog);
  v8::Local<v8::Function> run =
      v8::FunctionTemplate::New(isolate, Run, v8::External::New(isolate, watchdog))->GetFunction(context).ToLocalChecked();
  exports.As<v8::Object>()->Set(context, v8::String::NewFromUtf8Literal(isolate, "run"), run).Check();
}
