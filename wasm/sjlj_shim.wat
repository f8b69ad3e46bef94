;; setjmp/longjmp support for MicroPython's Emscripten build, hosted outside a browser.
;;
;; Emscripten compiles setjmp/longjmp (MicroPython's nlr_push/nlr_jump) into calls through
;; imported `invoke_<sig>(fn_index, args...)` functions and `_emscripten_throw_longjmp()`.
;; In a browser those are JavaScript try/catch wrappers. Here they are plain wasm using the
;; exception-handling proposal (wasmtime `Config.wasm_exceptions`), so a guest loop never
;; leaves wasm for them.
;;
;; `<sig>`: first letter is the result (v = none, i = i32), the rest are i32 parameters.
;; Each invoke saves the shadow-stack pointer, calls table[fn_index](args...) and returns its
;; result. If the callee longjmps, the tag `$longjmp` unwinds to here: restore the saved stack
;; pointer, record the throw with setThrew(1, 0) (the caller then dispatches to its setjmp
;; point), and return 0.
;;
;; The host builds `shim.table`: the main module's indirect function table copied in, followed
;; by three helpers from the main module's exports at `helper_base`, `+1`, `+2`:
;; emscripten_stack_get_current, _emscripten_stack_restore, setThrew.
(module
  (import "shim" "table" (table 0 funcref))
  (import "shim" "helper_base" (global $base i32))

  (type $stack_get (func (result i32)))
  (type $stack_restore (func (param i32)))
  (type $set_threw (func (param i32 i32)))
  (type $t_v (func))
  (type $t_vi (func (param i32)))
  (type $t_vii (func (param i32 i32)))
  (type $t_viii (func (param i32 i32 i32)))
  (type $t_viiii (func (param i32 i32 i32 i32)))
  (type $t_i (func (result i32)))
  (type $t_ii (func (param i32) (result i32)))
  (type $t_iii (func (param i32 i32) (result i32)))
  (type $t_iiii (func (param i32 i32 i32) (result i32)))
  (type $t_iiiii (func (param i32 i32 i32 i32) (result i32)))
  (type $t_iiiiii (func (param i32 i32 i32 i32 i32) (result i32)))

  (tag $longjmp)

  (func (export "_emscripten_throw_longjmp")
    (throw $longjmp))

  (func $stack_save (result i32)
    (call_indirect (type $stack_get) (global.get $base)))

  (func $after_longjmp (param $sp i32)
    (call_indirect (type $stack_restore)
      (local.get $sp) (i32.add (global.get $base) (i32.const 1)))
    (call_indirect (type $set_threw)
      (i32.const 1) (i32.const 0) (i32.add (global.get $base) (i32.const 2))))

  (func (export "invoke_v") (param $fn i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect (type $t_v) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_vi") (param $fn i32) (param $a0 i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect (type $t_vi) (local.get $a0) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_vii") (param $fn i32) (param $a0 i32) (param $a1 i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect (type $t_vii) (local.get $a0) (local.get $a1) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_viii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect (type $t_viii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_viiii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect (type $t_viiii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_i") (param $fn i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect (type $t_i) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_ii") (param $fn i32) (param $a0 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect (type $t_ii) (local.get $a0) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_iii") (param $fn i32) (param $a0 i32) (param $a1 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect (type $t_iii) (local.get $a0) (local.get $a1) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_iiii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect (type $t_iiii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_iiiii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect (type $t_iiiii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_iiiiii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32) (param $a4 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_save))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect (type $t_iiiiii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $a4) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))
)
