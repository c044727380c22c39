package org.regiontag.engine.clip.openai;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Python pickle as plain Java values without running any of it.
 *
 * <p>A pickle is a small program for a stack machine, and Python's own unpickler imports and calls
 * whatever the program names, which is how a model file can run code. This reader interprets the
 * same opcodes but never imports or calls anything. A class or function becomes a {@link Global}
 * record, and an object built from one becomes a {@link PyObject} that keeps its arguments and
 * state. The only calls it interprets are those that rebuild PyTorch tensors, which become
 * {@link TensorRef} records, and ordered dicts, which become maps. It covers the opcodes of
 * protocols 0 to 4 that PyTorch's writers emit (TorchScript's {@code data.pkl} uses protocol 2);
 * sets, extension registries and out-of-band buffers are rejected.
 *
 * <p>Python values map as: None to {@code null}, bool to {@link Boolean}, int to {@link Long}
 * (or {@link java.math.BigInteger} when it does not fit), float to {@link Double}, str to
 * {@link String}, bytes to {@code byte[]}, tuple to {@link Tuple}, list to {@link List}, dict to a
 * {@link LinkedHashMap} in insertion order.
 */
final class RestrictedUnpickler {

    /** A class or function named by the pickle; never resolved. */
    record Global(String module, String name) {
        String qualifiedName() {
            return module + "." + name;
        }
    }

    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Object get(int index) {
            return items.get(index);
        }

        int size() {
            return items.size();
        }
    }

    /** An object the pickle builds from a class (NEWOBJ) or a call this reader does not know (REDUCE). */
    static final class PyObject {
        private final Global type;
        private final List<Object> arguments;
        private Object state;

        PyObject(Global type, List<Object> arguments) {
            this.type = type;
            this.arguments = arguments;
        }

        Global type() {
            return type;
        }

        List<Object> arguments() {
            return arguments;
        }

        /** Returns the value BUILD gave the object, usually its attribute dict, or {@code null}. */
        Object state() {
            return state;
        }
    }

    /**
     * The persistent id PyTorch writes for a tensor's storage:
     * {@code ('storage', storage_type, key, location, numel)}.
     *
     * @param key the storage's file name under the archive's {@code data/} folder
     * @param storageType such as {@code torch.FloatStorage}; it fixes the element type
     * @param location the device it was saved from, such as {@code cpu} or {@code cuda:0}
     * @param elements the storage's length in elements
     */
    record StorageRef(String key, Global storageType, String location, long elements) {
    }

    /**
     * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a strided view of a storage.
     *
     * @param offset the view's first element in the storage
     */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    }

    /** Malformed or unsupported pickle data; the message gives the byte offset. */
    static final class PickleException extends IOException {
        private static final long serialVersionUID = 1L;

        PickleException(String message) {
            super(message);
        }
    }

    /** Guards against memory blow-ups from damaged input; TorchScript pickles stay far below. */
    private static final int MAX_STACK = 1 << 20;

    private static final Object MARK = new Object();

    private final ByteBuffer input;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(byte[] data) {
        this.input = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads one pickled value from {@code data}. */
    static Object load(byte[] data) throws PickleException {
        RestrictedUnpickler reader = new RestrictedUnpickler(data);
        try {
            return reader.run();
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new PickleException("truncated pickle data at byte " + reader.input.position());
        } catch (ClassCastException e) {
            throw new PickleException("malformed pickle data at byte " + reader.input.position() + ": "
                    + e.getMessage());
        }
    }

    private Object run() throws PickleException {
        while (true) {
            int position = input.position();
            int opcode = input.get() & 0xff;
            switch (opcode) {
                case 0x80: // PROTO
                    int protocol = input.get() & 0xff;
                    if (protocol > 5) {
                        throw new PickleException("unsupported pickle protocol " + protocol);
                    }
                    break;
                case 0x95: // FRAME: the length of the next frame, which needs no handling here
                    input.getLong();
                    break;
                case '.': // STOP
                    if (stack.size() != 1) {
                        throw new PickleException("pickle ended with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                case '(': // MARK
                    marks.add(stack.size());
                    push(MARK);
                    break;
                case '0': // POP
                    pop();
                    break;
                case '1': // POP_MARK
                    popMark();
                    break;
                case '2': // DUP
                    push(peek());
                    break;
                case 'N':
                    push(null);
                    break;
                case 0x88: // NEWTRUE
                    push(Boolean.TRUE);
                    break;
                case 0x89: // NEWFALSE
                    push(Boolean.FALSE);
                    break;
                case 'J': // BININT
                    push((long) input.getInt());
                    break;
                case 'K': // BININT1
                    push((long) (input.get() & 0xff));
                    break;
                case 'M': // BININT2
                    push((long) (input.getShort() & 0xffff));
                    break;
                case 0x8a: // LONG1
                    push(littleEndianInteger(input.get() & 0xff));
                    break;
                case 0x8b: // LONG4
                    push(littleEndianInteger(length(input.getInt())));
                    break;
                case 'I': // INT (text)
                    push(textInteger(readLine(), position));
                    break;
                case 'L': // LONG (text)
                    String text = readLine();
                    push(textInteger(text.endsWith("L") ? text.substring(0, text.length() - 1) : text, position));
                    break;
                case 'G': // BINFLOAT, big-endian
                    push(Double.longBitsToDouble(Long.reverseBytes(input.getLong())));
                    break;
                case 'F': // FLOAT (text)
                    push(Double.parseDouble(readLine()));
                    break;
                case 'X': // BINUNICODE
                    push(utf8(length(input.getInt())));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    push(utf8(input.get() & 0xff));
                    break;
                case 0x8d: // BINUNICODE8
                    push(utf8(length(input.getLong())));
                    break;
                case 'T': // BINSTRING (Python 2 str)
                    push(latin1(length(input.getInt())));
                    break;
                case 'U': // SHORT_BINSTRING
                    push(latin1(input.get() & 0xff));
                    break;
                case 'B': // BINBYTES
                    push(bytes(length(input.getInt())));
                    break;
                case 'C': // SHORT_BINBYTES
                    push(bytes(input.get() & 0xff));
                    break;
                case 0x8e: // BINBYTES8
                    push(bytes(length(input.getLong())));
                    break;
                case ')': // EMPTY_TUPLE
                    push(new Tuple(List.of()));
                    break;
                case 't': // TUPLE
                    push(new Tuple(Collections.unmodifiableList(popMark())));
                    break;
                case 0x85: // TUPLE1
                    push(tupleOf(1));
                    break;
                case 0x86: // TUPLE2
                    push(tupleOf(2));
                    break;
                case 0x87: // TUPLE3
                    push(tupleOf(3));
                    break;
                case ']': // EMPTY_LIST
                    push(new ArrayList<>());
                    break;
                case 'l': // LIST
                    push(new ArrayList<>(popMark()));
                    break;
                case 'a': { // APPEND
                    Object value = pop();
                    list(peek(), position).add(value);
                    break;
                }
                case 'e': { // APPENDS
                    List<Object> values = popMark();
                    list(peek(), position).addAll(values);
                    break;
                }
                case '}': // EMPTY_DICT
                    push(new LinkedHashMap<>());
                    break;
                case 'd': { // DICT
                    List<Object> items = popMark();
                    Map<Object, Object> dict = new LinkedHashMap<>();
                    putPairs(dict, items, position);
                    push(dict);
                    break;
                }
                case 's': { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    dict(peek(), position).put(key, value);
                    break;
                }
                case 'u': { // SETITEMS
                    List<Object> items = popMark();
                    putPairs(dict(peek(), position), items, position);
                    break;
                }
                case 'c': // GLOBAL
                    push(new Global(readLine(), readLine()));
                    break;
                case 0x93: { // STACK_GLOBAL
                    String name = (String) pop();
                    String module = (String) pop();
                    push(new Global(module, name));
                    break;
                }
                case 'R': { // REDUCE
                    Tuple arguments = (Tuple) pop();
                    Object callable = pop();
                    push(reduce(callable, arguments, position));
                    break;
                }
                case 0x81: { // NEWOBJ
                    Tuple arguments = (Tuple) pop();
                    Object type = pop();
                    push(newObject(type, arguments.items(), position));
                    break;
                }
                case 0x92: { // NEWOBJ_EX
                    pop(); // keyword arguments, kept nowhere: no constructor is ever run
                    Tuple arguments = (Tuple) pop();
                    Object type = pop();
                    push(newObject(type, arguments.items(), position));
                    break;
                }
                case 'b': { // BUILD
                    Object state = pop();
                    build(peek(), state);
                    break;
                }
                case 'q': // BINPUT
                    memo.put((long) (input.get() & 0xff), peek());
                    break;
                case 'r': // LONG_BINPUT
                    memo.put(input.getInt() & 0xffffffffL, peek());
                    break;
                case 'p': // PUT (text)
                    memo.put(Long.parseLong(readLine()), peek());
                    break;
                case 0x94: // MEMOIZE
                    memo.put((long) memo.size(), peek());
                    break;
                case 'h': // BINGET
                    push(memoized(input.get() & 0xff, position));
                    break;
                case 'j': // LONG_BINGET
                    push(memoized(input.getInt() & 0xffffffffL, position));
                    break;
                case 'g': // GET (text)
                    push(memoized(Long.parseLong(readLine()), position));
                    break;
                case 'Q': // BINPERSID
                    push(persistentLoad(pop(), position));
                    break;
                case 'P': // PERSID (text)
                    push(persistentLoad(readLine(), position));
                    break;
                default:
                    throw new PickleException(String.format("unsupported pickle opcode 0x%02x at byte %d", opcode,
                            position));
            }
        }
    }

    private Object reduce(Object callable, Tuple arguments, int position) throws PickleException {
        if (!(callable instanceof Global global)) {
            throw new PickleException("REDUCE of a non-global at byte " + position);
        }
        switch (global.qualifiedName()) {
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return tensor(arguments, position);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return arguments.get(0);
            case "collections.OrderedDict":
                return new LinkedHashMap<>();
            default:
                return new PyObject(global, arguments.items());
        }
    }

    private Object newObject(Object type, List<Object> arguments, int position) throws PickleException {
        if (!(type instanceof Global global)) {
            throw new PickleException("NEWOBJ of a non-global at byte " + position);
        }
        if ("collections.OrderedDict".equals(global.qualifiedName())) {
            return new LinkedHashMap<>();
        }
        return new PyObject(global, arguments);
    }

    private static void build(Object target, Object state) {
        if (target instanceof PyObject object) {
            object.state = state;
        }
        // BUILD on a dict sets attributes such as an OrderedDict's _metadata, which nothing here reads.
    }

    private static TensorRef tensor(Tuple arguments, int position) throws PickleException {
        if (arguments.size() < 4 || !(arguments.get(0) instanceof StorageRef storage)) {
            throw new PickleException("unexpected tensor arguments at byte " + position);
        }
        return new TensorRef(storage, integer(arguments.get(1), position), longs(arguments.get(2), position),
                longs(arguments.get(3), position));
    }

    private static StorageRef persistentLoad(Object id, int position) throws PickleException {
        if (!(id instanceof Tuple tuple) || tuple.size() < 5 || !"storage".equals(tuple.get(0))
                || !(tuple.get(1) instanceof Global storageType)) {
            throw new PickleException("unsupported persistent id at byte " + position
                    + "; only PyTorch tensor storages are supported");
        }
        return new StorageRef(String.valueOf(tuple.get(2)), storageType, String.valueOf(tuple.get(3)),
                integer(tuple.get(4), position));
    }

    private static long[] longs(Object value, int position) throws PickleException {
        if (!(value instanceof Tuple tuple)) {
            throw new PickleException("expected a tuple of integers at byte " + position);
        }
        long[] result = new long[tuple.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = integer(tuple.get(i), position);
        }
        return result;
    }

    private static long integer(Object value, int position) throws PickleException {
        if (!(value instanceof Long number)) {
            throw new PickleException("expected an integer at byte " + position + ", found " + value);
        }
        return number;
    }

    private Tuple tupleOf(int count) throws PickleException {
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(0, pop());
        }
        return new Tuple(Collections.unmodifiableList(items));
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> items, int position) throws PickleException {
        if (items.size() % 2 != 0) {
            throw new PickleException("odd number of dict items at byte " + position);
        }
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object value, int position) throws PickleException {
        if (value instanceof Map) {
            return (Map<Object, Object>) value;
        }
        throw new PickleException("SETITEM on a non-dict at byte " + position);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, int position) throws PickleException {
        if (value instanceof List) {
            return (List<Object>) value;
        }
        throw new PickleException("APPEND on a non-list at byte " + position);
    }

    private Object memoized(long index, int position) throws PickleException {
        if (!memo.containsKey(index)) {
            throw new PickleException("memo entry " + index + " read before it was written, at byte " + position);
        }
        return memo.get(index);
    }

    private void push(Object value) throws PickleException {
        if (stack.size() >= MAX_STACK) {
            throw new PickleException("pickle stack deeper than " + MAX_STACK + " at byte " + input.position());
        }
        stack.add(value);
    }

    private Object pop() throws PickleException {
        if (stack.isEmpty()) {
            throw new PickleException("pickle stack underflow at byte " + input.position());
        }
        Object value = stack.remove(stack.size() - 1);
        if (value == MARK) {
            throw new PickleException("unexpected mark at byte " + input.position());
        }
        return value;
    }

    private Object peek() throws PickleException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw new PickleException("pickle stack underflow at byte " + input.position());
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws PickleException {
        if (marks.isEmpty()) {
            throw new PickleException("no mark on the pickle stack at byte " + input.position());
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private int length(long value) throws PickleException {
        if (value < 0 || value > input.remaining()) {
            throw new PickleException("length " + value + " runs past the end of the pickle at byte "
                    + input.position());
        }
        return (int) value;
    }

    private Object littleEndianInteger(int size) throws PickleException {
        byte[] bytes = bytes(length(size));
        byte[] bigEndian = new byte[Math.max(bytes.length, 1)];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[bytes.length - 1 - i] = bytes[i];
        }
        java.math.BigInteger value = bytes.length == 0 ? java.math.BigInteger.ZERO : new java.math.BigInteger(bigEndian);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static Object textInteger(String text, int position) throws PickleException {
        switch (text) {
            case "00":
                return Boolean.FALSE;
            case "01":
                return Boolean.TRUE;
            default:
                try {
                    java.math.BigInteger value = new java.math.BigInteger(text.trim());
                    return value.bitLength() < 64 ? (Object) value.longValue() : value;
                } catch (NumberFormatException e) {
                    throw new PickleException("invalid integer '" + text + "' at byte " + position);
                }
        }
    }

    private String readLine() throws PickleException {
        int start = input.position();
        while (input.hasRemaining()) {
            if (input.get() == '\n') {
                int end = input.position() - 1;
                byte[] line = new byte[end - start];
                input.get(start, line);
                return new String(line, StandardCharsets.UTF_8);
            }
        }
        throw new PickleException("unterminated line at byte " + start);
    }

    private byte[] bytes(int length) throws PickleException {
        byte[] bytes = new byte[length(length)];
        input.get(bytes);
        return bytes;
    }

    private String utf8(int length) throws PickleException {
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    private String latin1(int length) throws PickleException {
        return new String(bytes(length), StandardCharsets.ISO_8859_1);
    }
}
