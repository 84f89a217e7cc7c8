declare module 'talisman/stemmers/porter.js' {
  const stem: (word: string) => string;
  export default stem;
}
