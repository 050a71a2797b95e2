/*
 * xactor_call_body.vh: the second half of the request transactors' shared
 * call control (see xactor_call_head.vh for what the includer declares).
 *
 * Answers: every answer is written to ANSWER_FILE (opened when the call
 * starts, closed when it ends), one line each: "<answer_code> <data>" in
 * hex, data: rdata on a read, 0 on a write.
 *
 * stat (updated at every edge of a call): [ST_SEQ +: 8] last command
 * taken, [ST_CALLS +: 16] calls ended, [ST_ERR +: 4] how the last call
 * ended (ERR_*), [ST_ISSUED +: 32] requests taken, [ST_ANSWERED +: 32]
 * answers, [ST_CYCLES +: 32] edges of the call.  ev changes when a call
 * ends.  A call ends when the command's count of answers is in, or at the
 * first of: an answer with no request outstanding (ERR_NO_REQUEST), rdata
 * with X/Z bits on a read answer (ERR_DATA_X), ERR_TIMEOUT, a record
 * missing from the stream file (ERR_STREAM), reset (ERR_RESET; also a
 * command that arrives at a reset edge ends at once so), a command while a
 * call runs (ERR_BUSY: that command is dropped).
 */

assign stat[ST_SEQ +: 8] = seq_reg;
assign stat[ST_CALLS +: 16] = calls_reg;
assign stat[ST_ERR +: 4] = err_reg;
assign stat[ST_ERR + 4 +: 4] = 4'd0;
assign stat[ST_ISSUED +: 32] = issued_reg;
assign stat[ST_ANSWERED +: 32] = answered_reg;
assign stat[ST_CYCLES +: 32] = cycles_reg;

// power-on = reset state: no call
initial begin
    seq_reg = 8'd0;
    calls_reg = 16'd0;
    err_reg = ERR_NONE;
    open_reg = 1'b0;
    we_reg = 1'b0;
    count_reg = 32'd0;
    expect_reg = 32'd0;
    timeout_reg = 32'd0;
    issued_reg = 32'd0;
    answered_reg = 32'd0;
    cycles_reg = 32'd0;
    quiet_reg = 32'd0;
    driving_reg = 1'b0;
    desc_reg = 128'd0;
    data_reg = {DATA_WIDTH{1'b0}};
    idle_reg = 24'd0;
    ev = 8'd0;
    fd = 0;
    fo = 0;
end

reg [3:0]  err_next;
reg [31:0] answered_next;
reg        f_ok;

task end_call;
    input [3:0] code;
begin
    err_reg <= code;
    open_reg <= 1'b0;
    driving_reg <= 1'b0;
    calls_reg <= calls_reg + 16'd1;
    ev <= ev + 8'd1;
    stream_close;
    if (fo != 0) begin
        $fclose(fo);
    end
    fo = 0;
end
endtask

always @(posedge clk) begin
    if (rst) begin
        seq_reg <= cmd[CMD_SEQ +: 8];
        if (open_reg || cmd_new) begin  // a call running, or one that would start here
            end_call(ERR_RESET);
        end
    end else begin
        err_next = ERR_NONE;
        answered_next = answered_now;
        if (cmd_new) begin
            seq_reg <= cmd[CMD_SEQ +: 8];
        end
        if (cmd_new && open_reg) begin
            err_next = ERR_BUSY;
        end
        if (in_start) begin
            we_reg <= cmd[CMD_WE];
            bus_start;
            count_reg <= cmd[CMD_COUNT +: 32];
            expect_reg <= cmd[CMD_BURSTS +: 32];
            timeout_reg <= cmd[CMD_TIMEOUT +: 32];
            open_reg <= 1'b1;
            stream_close;
            if (cmd[CMD_COUNT +: 32] > 32'd1) begin
                stream_open;
            end
            if (fo != 0) begin
                $fclose(fo);
            end
            fo = $fopen(ANSWER_FILE, "w");
        end
        if (open_now) begin
            cycles_reg <= (in_start ? 32'd0 : cycles_reg) + 32'd1;
            quiet_reg <= quiet_now + 32'd1;
            if (answer) begin
                quiet_reg <= 32'd0;
                if (answer_unasked) begin
                    err_next = ERR_NO_REQUEST;
                end else if (!we_now && ^rdata === 1'bx) begin
                    err_next = ERR_DATA_X;
                end else begin
                    $fwrite(fo, "%h %h\n", answer_code, we_now ? {DATA_WIDTH{1'b0}} : rdata);
                    answered_next = answered_now + 32'd1;
                end
            end
            answered_reg <= answered_next;
            issued_reg <= issued_now + (taken ? 32'd1 : 32'd0);
            bus_step;
            driving_reg <= req && !taken;
            desc_reg <= desc_now;
            data_reg <= data_now;
            idle_reg <= (ready && idle_now != 24'd0) ? idle_now - 24'd1 : idle_now;
            if (taken) begin
                quiet_reg <= 32'd0;
                if (issued_now + 32'd1 < count_now) begin
                    stream_read(f_ok);
                    if (f_ok) begin
                        desc_reg <= f_desc;
                        data_reg <= f_rec[DATA_WIDTH-1:0];
                        idle_reg <= f_desc[DESC_IDLE +: 24];
                    end else if (err_next == ERR_NONE) begin
                        err_next = ERR_STREAM;
                    end
                end
            end
            if (err_next == ERR_NONE && !answer && !taken && quiet_now + 32'd1 > timeout_now) begin
                err_next = ERR_TIMEOUT;
            end
            if (err_next != ERR_NONE || answered_next == expect_now) begin
                end_call(err_next);
            end
        end else if (err_next != ERR_NONE) begin
            err_reg <= err_next;
        end
    end
end
