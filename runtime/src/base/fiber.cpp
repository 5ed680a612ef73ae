#include "fiber.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <utility>

#ifndef EDGECUT_FIBER_UCONTEXT
// edgecut_fiber_switch(save, load): pushes the registers the System V ABI has a callee keep (rbp,
// rbx, r12-r15, and the SSE and x87 control words), stores the stack pointer in *save, takes
// `load` as the stack pointer and pops the same from there. A new fiber's stack is laid out as if
// it had switched away at edgecut_fiber_begin, which calls r13(r12).
asm(R"(
  .pushsection .text
  .globl edgecut_fiber_switch
  .hidden edgecut_fiber_switch
  .type edgecut_fiber_switch, @function
edgecut_fiber_switch:
  .cfi_startproc
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $8, %rsp
  stmxcsr (%rsp)
  fnstcw 4(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr (%rsp)
  fldcw 4(%rsp)
  addq $8, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .cfi_endproc
  .size edgecut_fiber_switch, .-edgecut_fiber_switch

  .globl edgecut_fiber_begin
  .hidden edgecut_fiber_begin
  .type edgecut_fiber_begin, @function
edgecut_fiber_begin:
  .cfi_startproc
  .cfi_undefined rip
  movq %r12, %rdi
  callq *%r13
  ud2
  .cfi_endproc
  .size edgecut_fiber_begin, .-edgecut_fiber_begin
  .popsection
)");

extern "C" void edgecut_fiber_switch(void** save, void* load);
extern "C" void edgecut_fiber_begin();
#endif

namespace edgecut::base::detail {

Fiber::Fiber() {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  mappingBytes_ = kStackBytes + page;
  mapping_ = ::mmap(nullptr, mappingBytes_, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (mapping_ == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "no stack for a fiber");
  ::mprotect(mapping_, page, PROT_NONE);  // the stack grows down, towards it
}

Fiber::~Fiber() { ::munmap(mapping_, mappingBytes_); }

void* Fiber::stackTop() const { return static_cast<char*>(mapping_) + mappingBytes_; }

void Fiber::runBody(Fiber* fiber) {
  fiber->body_();
  fiber->body_ = nullptr;
  fiber->finished_ = true;
#ifndef EDGECUT_FIBER_UCONTEXT
  void* unused = nullptr;
  edgecut_fiber_switch(&unused, fiber->resumerPointer_);  // never comes back: start() lays out anew
#endif
  // ucontext: returning follows uc_link back to the resumer.
}

#ifdef EDGECUT_FIBER_UCONTEXT

void Fiber::start(std::function<void()> body) {
  body_ = std::move(body);
  finished_ = false;
  ::getcontext(&context_);
  context_.uc_stack.ss_sp = static_cast<char*>(mapping_) + (mappingBytes_ - kStackBytes);
  context_.uc_stack.ss_size = kStackBytes;
  context_.uc_link = &resumer_;
  // makecontext passes ints: the pointer in two halves.
  const auto self = reinterpret_cast<std::uintptr_t>(this);
  ::makecontext(&context_, reinterpret_cast<void (*)()>(&Fiber::entry), 2, static_cast<unsigned>(self >> 32),
                static_cast<unsigned>(self & 0xffffffffu));
  resume();
}

void Fiber::entry(unsigned high, unsigned low) {
  runBody(reinterpret_cast<Fiber*>((static_cast<std::uintptr_t>(high) << 32) | low));
}

void Fiber::resume() { ::swapcontext(&resumer_, &context_); }

void Fiber::suspend() { ::swapcontext(&context_, &resumer_); }

#else

void Fiber::start(std::function<void()> body) {
  body_ = std::move(body);
  finished_ = false;
  // From the (16-aligned) top down: edgecut_fiber_begin as the return address, so that the stack
  // is 16-aligned after the switch's ret, as a call into edgecut_fiber_begin would leave it; then
  // rbp, rbx, r12 (this), r13 (runBody), r14, r15, and the control words as they are now.
  auto* top = static_cast<std::uint64_t*>(stackTop());
  top[-1] = reinterpret_cast<std::uint64_t>(&edgecut_fiber_begin);
  top[-2] = 0;                                         // rbp
  top[-3] = 0;                                         // rbx
  top[-4] = reinterpret_cast<std::uint64_t>(this);     // r12
  top[-5] = reinterpret_cast<std::uint64_t>(&runBody);  // r13
  top[-6] = 0;                                         // r14
  top[-7] = 0;                                         // r15
  std::uint32_t mxcsr = 0;
  std::uint16_t x87 = 0;
  asm volatile("stmxcsr %0" : "=m"(mxcsr));
  asm volatile("fnstcw %0" : "=m"(x87));
  std::uint64_t controls = mxcsr | (static_cast<std::uint64_t>(x87) << 32);
  std::memcpy(&top[-8], &controls, sizeof controls);
  stackPointer_ = &top[-8];
  resume();
}

void Fiber::resume() { edgecut_fiber_switch(&resumerPointer_, stackPointer_); }

void Fiber::suspend() { edgecut_fiber_switch(&stackPointer_, resumerPointer_); }

#endif

}  // namespace edgecut::base::detail
