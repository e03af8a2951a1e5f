"""properties/target/: the learner's code as the properties call it — loading (isolated, under a
time limit), discovery of the roles, the target model and its call log, the adapter, and the replay
snippet that transcribes a failing example. Imports numpy, numerics/ and inputs/.
"""
