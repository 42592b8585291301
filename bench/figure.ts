// One bench figure: a value printed beside its floor (the same work done by the bare library or tool,
// measured in the same run), with the goal where an issue sets one.
export interface Figure { value: number; unit: string; floor: number | null; floorLabel: string; goal?: string }
