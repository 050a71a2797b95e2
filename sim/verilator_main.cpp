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
// waits on a Timer or a status change, a time slot of the Verilog clock then costs the model's
// evaluation and a few list checks rather than a walk over every callback list.
//
// Neither waveforms nor coverage are written by this loop: a build with waves uses cocotb's own.

#include <cstdint>
#include <memory>

#include "Vtop.h"
#include "verilated.h"
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
    while (!Verilated::gotFinish()) {
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

        // The next time slot: the model's next event or the next timed callback
        const uint64_t next_cb = VerilatedVpi::cbNextDeadline();
        const uint64_t next_model = top->eventsPending() ? top->nextTimeSlot() : kNever;
        const uint64_t next = next_cb < next_model ? next_cb : next_model;
        if (next == kNever) break;
        sim_time = next;

        // Next-sim-time callbacks (this call also moves the callbacks now due onto their lists),
        // then the timed ones that are due
        VerilatedVpi::callCbs(cbNextSimTime);
        settle();
        if (VerilatedVpi::hasCbs(cbAfterDelay)) {
            VerilatedVpi::callTimedCbs();
            settle();
        }
    }

    top->final();
    end_of_simulation();
    return Verilated::threadContextp()->errorCount() > 0 ? 1 : 0;
}
