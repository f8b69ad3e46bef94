;; setjmp/longjmp support merged INTO MicroPython's Emscripten build at build time.
;;
;; Same behaviour as `sjlj_shim.wat`, but written to be combined with the interpreter by
;; Binaryen's `wasm-merge` (see wasm/fetch.py and docs/speed.md): instead of a host-built table
;; and a helper-index global, it imports the main module's own indirect function table and stack
;; helpers from the module named "mp" (the name the interpreter gets in the merge), and exports
;; the `env.invoke_<sig>` / `env._emscripten_throw_longjmp` functions the interpreter imports
;; (this shim gets the name "env" in the merge). After the merge those imports are plain internal
;; calls, so `wasm-opt` can inline them and turn the `call_indirect`s into direct calls.
;;
;; `<sig>`: first letter is the result (v = none, i = i32), the rest are i32 parameters.
;; Each invoke saves the shadow-stack pointer, calls table[fn_index](args...) and returns its
;; result. If the callee longjmps, the tag `$longjmp` unwinds to here: restore the saved stack
;; pointer, record the throw with setThrew(1, 0) (the caller then dispatches to its setjmp
;; point), and return 0.
(module
  (import "mp" "__indirect_function_table" (table $table 0 funcref))
  (import "mp" "emscripten_stack_get_current" (func $stack_get (result i32)))
  (import "mp" "_emscripten_stack_restore" (func $stack_restore (param i32)))
  (import "mp" "setThrew" (func $set_threw (param i32 i32)))
  (type $t_v (func))
  (type $t_vi (func (param i32)))
  (type $t_vii (func (param i32) (param i32)))
  (type $t_viii (func (param i32) (param i32) (param i32)))
  (type $t_viiii (func (param i32) (param i32) (param i32) (param i32)))
  (type $t_i (func (result i32)))
  (type $t_ii (func (param i32) (result i32)))
  (type $t_iii (func (param i32) (param i32) (result i32)))
  (type $t_iiii (func (param i32) (param i32) (param i32) (result i32)))
  (type $t_iiiii (func (param i32) (param i32) (param i32) (param i32) (result i32)))
  (type $t_iiiiii (func (param i32) (param i32) (param i32) (param i32) (param i32) (result i32)))

  (tag $longjmp)

  (func (export "_emscripten_throw_longjmp")
    (throw $longjmp))

  (func $after_longjmp (param $sp i32)
    (call $stack_restore (local.get $sp))
    (call $set_threw (i32.const 1) (i32.const 0)))

  (func (export "invoke_v") (param $fn i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect $table (type $t_v) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_vi") (param $fn i32) (param $a0 i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect $table (type $t_vi) (local.get $a0) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_vii") (param $fn i32) (param $a0 i32) (param $a1 i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect $table (type $t_vii) (local.get $a0) (local.get $a1) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_viii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect $table (type $t_viii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_viiii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (call_indirect $table (type $t_viiii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $fn))
        (return)))
    (call $after_longjmp (local.get $sp)))

  (func (export "invoke_i") (param $fn i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect $table (type $t_i) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_ii") (param $fn i32) (param $a0 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect $table (type $t_ii) (local.get $a0) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_iii") (param $fn i32) (param $a0 i32) (param $a1 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect $table (type $t_iii) (local.get $a0) (local.get $a1) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_iiii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect $table (type $t_iiii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_iiiii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect $table (type $t_iiiii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))

  (func (export "invoke_iiiiii") (param $fn i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32) (param $a4 i32) (result i32)
    (local $sp i32)
    (local.set $sp (call $stack_get))
    (block $caught
      (try_table (catch $longjmp $caught)
        (return (call_indirect $table (type $t_iiiiii) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $a4) (local.get $fn)))))
    (call $after_longjmp (local.get $sp))
    (i32.const 0))
)
