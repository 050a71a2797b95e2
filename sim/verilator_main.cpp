// The simulation loop of the fast-only Verilator build of nic_fast_top (sim/runner.py,
// engine_config(..., ports=False)): the main program that runs the model under cocotb's VPI library
// in place of the one cocotb ships.
//
// It keeps the order of the regions of a time slot that cocotb's VPI library relies on (IEEE
// 1800-2017 4.4): evaluate until no value callback writes anything, the read-write callbacks (and
// evaluate again if they wrote), the end of the step, the read-only callbacks; then the next time
// slot (the earlier of the model's next event and the next timed callback), its next-sim-time and
// timed callbacks. What it leaves out is the work of regions nobody waits in: a read-write or
// read-only region is entered only when a callback is registered there, the timed callbacks only
// when one is due, and value callbacks are compared only after an evaluation. While the testbench
// waits on a Timer or a status change, a time slot of the clock then costs the model's
// evaluation and a few list checks rather than a walk over every callback list.
//
// The clock: a toplevel that declares the public variables x_loop_clock (one bit) and
// x_loop_half_period (32 bits, in time steps of the model's precision) gets its clock from this loop
// when x_loop_half_period is not 0 after time 0: x_loop_clock toggles at every multiple of it, at
// the start of the time slot (after the timed callbacks, before the first evaluation: where a
// delay in the model would wake). The model then schedules no delay for its clock.
//
// Neither waveforms nor coverage are written by this loop (sim/runner.py refuses waves on the build
// that uses it).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "Vtop.h"
#include "verilated.h"
#include "verilated_syms.h"
#include "verilated_vpi.h"

extern "C" void vlog_startup_routines_bootstrap(void);

namespace {

uint64_t sim_time = 0;

// Value callbacks until none fires (a callback may write a value another one watches).
void settle() {
    while (VerilatedVpi::callValueCbs()) {
    }
}

// What the testbench wrote from callbacks, applied; true when the model must evaluate again.
bool apply_writes() {
    VerilatedVpi::doInertialPuts();
    settle();
    return VerilatedVpi::evalNeeded();
}

void end_of_simulation() { VerilatedVpi::callCbs(cbEndOfSimulation); }

// The data of public variable `name` in any scope of the model, or nullptr when there is none; a
// variable of another type than `type` ends the simulation with an error naming both.
void* find_variable(const char* name, VerilatedVarType type, const char* type_name) {
    const VerilatedScopeNameMap* scopes = Verilated::threadContextp()->scopeNameMap();
    if (scopes == nullptr) return nullptr;
    for (const auto& entry : *scopes) {
        const VerilatedVar* var = entry.second->varFind(name);
        if (var == nullptr) continue;
        if (var->vltype() != type) {
            std::fprintf(stderr, "verilator_main: %s.%s must be a %s variable for the simulation loop's clock\n",
                         entry.second->name(), name, type_name);
            std::exit(1);
        }
        return var->datap();
    }
    return nullptr;
}

}  // namespace

double sc_time_stamp() { return static_cast<double>(sim_time); }  // $time of the model

int main(int argc, char** argv) {
    Verilated::commandArgs(argc, argv);
    const std::unique_ptr<Vtop> top{new Vtop{""}};
    Verilated::fatalOnVpiError(false);  // cocotb registers system tasks Verilator does not know

    vlog_startup_routines_bootstrap();
    Verilated::addExitCb([](void*) { end_of_simulation(); }, nullptr);
    VerilatedVpi::callCbs(cbStartOfSimulation);
    settle();

    constexpr uint64_t kNever = ~0ULL;
    auto* const loop_clock = static_cast<CData*>(find_variable("x_loop_clock", VLVT_UINT8, "1-8 bit"));
    const auto* const loop_half
        = static_cast<const IData*>(find_variable("x_loop_half_period", VLVT_UINT32, "17-32 bit"));
    uint64_t half_period = 0;  // read after time 0 (initial blocks set it)
    uint64_t next_edge = kNever;
    while (!Verilated::gotFinish()) {
        if (sim_time == next_edge) {
            *loop_clock = !*loop_clock;
            next_edge += half_period;
        }
        // Active, inactive and NBA regions of the model, with the value callbacks, then read-write
        do {
            do {
                top->eval_step();
                VerilatedVpi::clearEvalNeeded();
            } while (apply_writes());
            if (VerilatedVpi::hasCbs(cbReadWriteSynch)) {
                VerilatedVpi::callCbs(cbReadWriteSynch);
                apply_writes();
            }
        } while (VerilatedVpi::evalNeeded());
        top->eval_end_step();
        if (VerilatedVpi::hasCbs(cbReadOnlySynch)) VerilatedVpi::callCbs(cbReadOnlySynch);

        if (sim_time == 0 && loop_clock != nullptr && loop_half != nullptr && *loop_half != 0) {
            half_period = *loop_half;
            next_edge = half_period;
        }

        // The next time slot: the model's next event, the next timed callback or the clock's edge
        const uint64_t next_cb = VerilatedVpi::cbNextDeadline();
        const uint64_t next_model = top->eventsPending() ? top->nextTimeSlot() : kNever;
        uint64_t next = next_cb < next_model ? next_cb : next_model;
        if (next_edge < next) next = next_edge;
        if (next == kNever) break;
        sim_time = next;

        // Next-sim-time callbacks (this call also moves the callbacks now due onto their lists),
        // then the timed ones that are due
        if (VerilatedVpi::callCbs(cbNextSimTime)) settle();  // nothing changed if nothing was called
        if (VerilatedVpi::hasCbs(cbAfterDelay)) {
            VerilatedVpi::callTimedCbs();
            settle();
        }
    }

    top->final();
    end_of_simulation();
    return Verilated::threadContextp()->errorCount() > 0 ? 1 : 0;
}
