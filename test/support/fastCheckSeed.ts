// Every property test draws from one fixed seed, so a run of the suite is the same run on every machine: a failure
// reproduces, and a pass cannot turn red by luck. FC_SEED=<integer> explores another part of the input space
// (a failure then prints its seed and path, to be turned into a fixed case).
import fc from 'fast-check';

const explored = Number(process.env.FC_SEED);
fc.configureGlobal({ seed: Number.isInteger(explored) ? explored : 20261204 });
